-- Indexes the hot paths were missing (found by tests/it/indexes.rs): whoami's address read by
-- identity, and the expiry sweep of rate events and delivered mail.
CREATE INDEX addresses_identity ON addresses(identity_id, created_at);
CREATE INDEX rate_events_at ON rate_events(at);
CREATE INDEX courier_messages_created ON courier_messages(created_at);
