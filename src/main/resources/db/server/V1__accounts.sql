-- Accounts, their devices and revocations. Only public keys and signed statements are stored:
-- the homeserver never receives a private key. Times are milliseconds since the Unix epoch.

CREATE TABLE account (
    user_id             VARCHAR(64)      NOT NULL,
    username            VARCHAR(32)      NOT NULL,
    root_public_key     VARBINARY(32)    NOT NULL,
    device_list         VARBINARY(262144) NOT NULL,
    device_list_version BIGINT           NOT NULL,
    created_at          BIGINT           NOT NULL,
    CONSTRAINT account_pk PRIMARY KEY (user_id),
    CONSTRAINT account_username_unique UNIQUE (username),
    CONSTRAINT account_root_key_unique UNIQUE (root_public_key)
);

-- Every device ever certified for an account, revoked ones included (their certificates stay, so a
-- signature a device made before its revocation can still be checked).
CREATE TABLE device (
    user_id      VARCHAR(64)     NOT NULL,
    device_id    VARCHAR(64)     NOT NULL,
    certificate  VARBINARY(8192) NOT NULL,
    added_at     BIGINT          NOT NULL,
    last_seen_at BIGINT,
    CONSTRAINT device_pk PRIMARY KEY (user_id, device_id),
    CONSTRAINT device_account_fk FOREIGN KEY (user_id) REFERENCES account (user_id)
);

CREATE TABLE revocation (
    user_id    VARCHAR(64)     NOT NULL,
    device_id  VARCHAR(64)     NOT NULL,
    revocation VARBINARY(8192) NOT NULL,
    stored_at  BIGINT          NOT NULL,
    CONSTRAINT revocation_pk PRIMARY KEY (user_id, device_id),
    CONSTRAINT revocation_account_fk FOREIGN KEY (user_id) REFERENCES account (user_id)
);
