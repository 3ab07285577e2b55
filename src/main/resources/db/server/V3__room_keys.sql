-- End-to-end encrypted conversations: each session's room key state, encrypted timeline entries,
-- and the queue items that carry wrapped room keys and re-keying requests. The homeserver stores
-- room keys only wrapped to a device's encryption key, and messages only sealed.

-- the current room key's epoch, 0 before the first
ALTER TABLE session ADD COLUMN key_epoch BIGINT DEFAULT 0 NOT NULL;
-- the key must be replaced before the next encrypted message; rekey_reason says why (the first
-- reason since the last replacement), null when it is not marked
ALTER TABLE session ADD COLUMN rekey_needed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE session ADD COLUMN rekey_reason VARCHAR(16);
-- when the current key replaced the one before; null before the first. A key older than
-- rotation_seconds is due as well, which is worked out at each send rather than stored
ALTER TABLE session ADD COLUMN rekeyed_at BIGINT;
ALTER TABLE session ADD COLUMN rotation_seconds BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE session ADD COLUMN new_members_read_history BOOLEAN DEFAULT FALSE NOT NULL;

-- an encrypted message, base64 as its sender sealed it, instead of text; key_epoch is its room
-- key's epoch, or the new epoch of a key_replaced entry
ALTER TABLE timeline_event ADD COLUMN ciphertext VARCHAR(24576);
ALTER TABLE timeline_event ADD COLUMN key_epoch BIGINT;

-- Room key items. ReceiveRoomKeyNotification (and an AllowUserJoinSessionNotification with a key):
-- epoch, by_user_id + from_device_id (who wrapped it), wrapped_key, key_signature.
-- UpdateRoomKeyNotification: epoch (the next one), reason. SendRoomKeyNotification: epoch,
-- subject_user_id + recipient_device_id (the device to wrap the new key to).
ALTER TABLE device_queue ADD COLUMN epoch BIGINT;
ALTER TABLE device_queue ADD COLUMN from_device_id VARCHAR(64);
ALTER TABLE device_queue ADD COLUMN wrapped_key VARCHAR(1024);
ALTER TABLE device_queue ADD COLUMN key_signature VARCHAR(128);
ALTER TABLE device_queue ADD COLUMN reason VARCHAR(16);
ALTER TABLE device_queue ADD COLUMN recipient_device_id VARCHAR(64);

-- sessions that were made encrypted before room keys existed have none yet: the first sender makes epoch 1
UPDATE session SET rekey_needed = TRUE, rekey_reason = 'created' WHERE e2ee_on = TRUE;
