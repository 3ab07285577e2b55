-- The local history of one account. Times are epoch milliseconds.

CREATE TABLE session (
    session_id VARCHAR(200) NOT NULL,
    name VARCHAR(500) NOT NULL,
    direct BOOLEAN NOT NULL,
    e2ee_on BOOLEAN NOT NULL,
    membership VARCHAR(20) NOT NULL,
    my_role VARCHAR(20) NOT NULL,
    last_seq BIGINT NOT NULL,
    last_activity BIGINT NOT NULL,
    last_preview VARCHAR(200),
    read_seq BIGINT NOT NULL,
    unread_count INT NOT NULL,
    CONSTRAINT session_pk PRIMARY KEY (session_id)
);

CREATE INDEX session_by_activity ON session (last_activity, session_id);

CREATE TABLE member (
    session_id VARCHAR(200) NOT NULL,
    user_id VARCHAR(200) NOT NULL,
    username VARCHAR(200) NOT NULL,
    member_role VARCHAR(20) NOT NULL,
    CONSTRAINT member_pk PRIMARY KEY (session_id, user_id)
);

-- entry_id is handed out by the program in insertion order; seq stays null while a message is pending
CREATE TABLE entry (
    entry_id BIGINT NOT NULL,
    session_id VARCHAR(200) NOT NULL,
    seq BIGINT,
    message_id VARCHAR(200) NOT NULL,
    sender_user_id VARCHAR(200) NOT NULL,
    sender_device_id VARCHAR(200),
    sender_name VARCHAR(200),
    kind VARCHAR(10) NOT NULL,
    body VARCHAR(1000000) NOT NULL,
    server_time BIGINT,
    created_at BIGINT NOT NULL,
    outgoing BOOLEAN NOT NULL,
    state VARCHAR(10) NOT NULL,
    failure_reason VARCHAR(1000),
    CONSTRAINT entry_pk PRIMARY KEY (entry_id)
);

-- several pending entries share (session_id, NULL): unique indexes let NULLs repeat
CREATE UNIQUE INDEX entry_by_seq ON entry (session_id, seq);

CREATE UNIQUE INDEX entry_by_message ON entry (session_id, message_id, sender_user_id);

CREATE TABLE outbox (
    entry_id BIGINT NOT NULL,
    CONSTRAINT outbox_pk PRIMARY KEY (entry_id),
    CONSTRAINT outbox_entry_fk FOREIGN KEY (entry_id) REFERENCES entry (entry_id) ON DELETE CASCADE
);

-- The inverted index, in segments: each write adds one, merges fold eight of a level into one of the
-- next. A write's segment is one packed value in search_batch; a merged segment has a row per term
-- and part of a few hundred postings, newest first, in search_posting. Either way the rows of a new
-- segment sort after the existing ones, so a write fills fresh pages only.
CREATE TABLE search_segment (
    segment_id BIGINT NOT NULL,
    segment_level INT NOT NULL,
    CONSTRAINT search_segment_pk PRIMARY KEY (segment_id)
);

CREATE TABLE search_batch (
    segment_id BIGINT NOT NULL,
    postings VARBINARY(1000000000) NOT NULL,
    CONSTRAINT search_batch_pk PRIMARY KEY (segment_id)
);

CREATE TABLE search_posting (
    segment_id BIGINT NOT NULL,
    term VARCHAR(64) NOT NULL,
    part INT NOT NULL,
    postings VARBINARY(1000000) NOT NULL,
    CONSTRAINT search_posting_pk PRIMARY KEY (segment_id, term, part)
);

CREATE TABLE contact (
    user_id VARCHAR(200) NOT NULL,
    username VARCHAR(200) NOT NULL,
    username_key VARCHAR(200) NOT NULL,
    first_seen_root_key VARBINARY(1024) NOT NULL,
    current_root_key VARBINARY(1024) NOT NULL,
    added_at BIGINT NOT NULL,
    key_changed BOOLEAN NOT NULL,
    CONSTRAINT contact_pk PRIMARY KEY (user_id)
);

CREATE INDEX contact_by_username ON contact (username_key);

CREATE TABLE setting (
    name VARCHAR(200) NOT NULL,
    setting_value VARCHAR(100000) NOT NULL,
    CONSTRAINT setting_pk PRIMARY KEY (name)
);
