-- The email-compromise guard: a passkey saved from an email (aal1) session of a high-value
-- identity is announced with a "This wasn't me" link, may wait out a cooldown, and every session
-- records the passkey that made it so disowning the passkey ends them. Applied migrations are
-- never edited.

ALTER TABLE passkeys ADD COLUMN cooldown_until BIGINT;      -- its sessions stay restricted until then (NULL: none)
ALTER TABLE passkeys ADD COLUMN disown_hash BYTEA;         -- SHA-256 of the "This wasn't me" token (NULL: not guarded)
ALTER TABLE sessions ADD COLUMN passkey_id TEXT;        -- the passkey whose ceremony made (or lifted) the session
