-- Received entries are told apart by (session_id, seq) alone: the homeserver gives a message the
-- same seq however often it is sent. Only unsequenced entries (ours, pending or failed) are looked
-- up by message id, at the NULL end of entry_by_seq. An index on message ids cost every received
-- message a rewrite of one more page at a random place in the file.
DROP INDEX entry_by_message;
