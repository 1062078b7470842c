-- What changed that a cached whoami answer shows: a session ended or restricted, an identity
-- changed or deleted, an address added, confirmed or removed. Triggers write the rows, so every
-- writer (the server, the CLI, an operator's SQL) is seen; each replica reads the last seconds of
-- rows every second and drops the cached sessions of the identities named (see src/sessions.rs).
-- `at` is the database's clock, Unix milliseconds; rows older than an hour are swept.
CREATE TABLE session_cache_changes (
    seq INTEGER PRIMARY KEY,
    identity_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX session_cache_changes_at ON session_cache_changes(at);

-- A session's last use (written once a minute) is not shown by a cached answer: not a change.
CREATE TRIGGER session_cache_session_changed AFTER UPDATE ON sessions
WHEN NEW.revoked_at IS NOT OLD.revoked_at OR NEW.restricted IS NOT OLD.restricted
  OR NEW.aal IS NOT OLD.aal OR NEW.methods IS NOT OLD.methods OR NEW.expires_at IS NOT OLD.expires_at
  OR NEW.idle_timeout IS NOT OLD.idle_timeout
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (NEW.identity_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER session_cache_identity_changed AFTER UPDATE ON identities
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER session_cache_identity_deleted AFTER DELETE ON identities
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER session_cache_address_added AFTER INSERT ON addresses
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (NEW.identity_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER session_cache_address_changed AFTER UPDATE ON addresses
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (NEW.identity_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER session_cache_address_removed AFTER DELETE ON addresses
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (OLD.identity_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
