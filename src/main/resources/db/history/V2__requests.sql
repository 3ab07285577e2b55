-- Invitations and join requests waiting for this account's answer. requester_id is '' for an
-- invitation (one per session) and the asking user for a join request.
CREATE TABLE pending_request (
    kind         VARCHAR(16)  NOT NULL,
    session_id   VARCHAR(64)  NOT NULL,
    requester_id VARCHAR(64)  NOT NULL,
    session_name VARCHAR(256) NOT NULL,
    user_id      VARCHAR(64)  NOT NULL,
    username     VARCHAR(64)  NOT NULL,
    at           BIGINT       NOT NULL,
    CONSTRAINT pending_request_pk PRIMARY KEY (kind, session_id, requester_id)
);
