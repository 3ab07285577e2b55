-- Device sync: a SyncEvent item carries one sealed blob from another device of the same account
-- (from_device_id), which the homeserver stores and hands on without reading. Such an item belongs
-- to no conversation, so session_id may now be null.
ALTER TABLE device_queue ALTER COLUMN session_id DROP NOT NULL;
ALTER TABLE device_queue ADD COLUMN payload VARBINARY(1048576);
