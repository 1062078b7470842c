-- What the one policy decision needs to know, and what "This wasn't me" needs to undo. Applied
-- migrations are never edited.

-- The person an admin key belongs to: the two-person rule counts people, not keys. NULL on keys
-- made before: read as the key's name.
ALTER TABLE admin_keys ADD COLUMN owner TEXT;
-- A tier lowered from high_value still counts as high_value for recovery until then.
ALTER TABLE identities ADD COLUMN high_value_until BIGINT;
-- The passkey whose session made the set or saved the passkey: disowning that passkey undoes them.
ALTER TABLE backup_codes ADD COLUMN made_by_passkey TEXT;
ALTER TABLE passkeys ADD COLUMN added_by_passkey TEXT;
-- The session a passkey was saved in: removing or disowning the passkey ends that session too.
ALTER TABLE passkeys ADD COLUMN added_in_session TEXT;
-- The browser that signed in (user agent, at most 512 characters), for the person's session list.
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
CREATE INDEX sessions_passkey ON sessions(passkey_id);
