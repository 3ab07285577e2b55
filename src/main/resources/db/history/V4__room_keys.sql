-- What end-to-end-encrypted group chats need on this device. Times are epoch milliseconds.

-- protection: PLAIN, ENCRYPTED (under the room key of key_epoch) or UNREADABLE (arrived encrypted and
-- could not be opened; body is then the explanation shown). sealed is the message as it travels: for
-- an UNREADABLE entry, kept until the key of key_epoch arrives; for our own pending one, what will
-- be sent, so that sending it again sends the same bytes.
ALTER TABLE entry ADD COLUMN protection VARCHAR(12) DEFAULT 'PLAIN' NOT NULL;
ALTER TABLE entry ADD COLUMN key_epoch BIGINT;
ALTER TABLE entry ADD COLUMN sealed VARBINARY(40000);

-- Finds the entries waiting for one epoch's key. Almost every entry has no key_epoch: those sort
-- together at the NULL end by entry id, so a received entry appends here instead of landing at a
-- random place in the file.
CREATE INDEX entry_by_key_epoch ON entry (key_epoch);

-- The room keys of each conversation by epoch. confirmed is false for a key this device made and
-- offered that the homeserver has not yet accepted.
CREATE TABLE room_key (
    session_id VARCHAR(200) NOT NULL,
    epoch BIGINT NOT NULL,
    key_bytes VARBINARY(32) NOT NULL,
    created_at BIGINT NOT NULL,
    from_user_id VARCHAR(200) NOT NULL,
    from_device_id VARCHAR(200) NOT NULL,
    confirmed BOOLEAN NOT NULL,
    CONSTRAINT room_key_pk PRIMARY KEY (session_id, epoch)
);

-- The next message counter this device uses in each conversation; never handed out twice.
CREATE TABLE room_counter (
    session_id VARCHAR(200) NOT NULL,
    next_counter BIGINT NOT NULL,
    CONSTRAINT room_counter_pk PRIMARY KEY (session_id)
);

-- The counters seen from each sending device, so a replayed message is refused after a restart too.
CREATE TABLE replay_window (
    session_id VARCHAR(200) NOT NULL,
    sender_user_id VARCHAR(200) NOT NULL,
    sender_device_id VARCHAR(200) NOT NULL,
    window_bytes VARBINARY(1000) NOT NULL,
    CONSTRAINT replay_window_pk PRIMARY KEY (session_id, sender_user_id, sender_device_id)
);

CREATE TABLE room_settings (
    session_id VARCHAR(200) NOT NULL,
    key_epoch BIGINT NOT NULL,
    rekey_needed BOOLEAN NOT NULL,
    rotation_seconds BIGINT NOT NULL,
    new_members_read_history BOOLEAN NOT NULL,
    e2ee_on BOOLEAN NOT NULL,
    CONSTRAINT room_settings_pk PRIMARY KEY (session_id)
);
