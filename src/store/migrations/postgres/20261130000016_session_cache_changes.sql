-- What changed that a cached whoami answer shows: a session ended or restricted, an identity
-- changed or deleted, an address added, confirmed or removed. Triggers write the rows, so every
-- writer (the server, the CLI, an operator's SQL) is seen; each replica reads the last seconds of
-- rows every second and drops the cached sessions of the identities named (see src/sessions.rs).
-- `at` is the database's clock when the row was written, Unix milliseconds; rows older than an
-- hour are swept.
CREATE TABLE session_cache_changes (
    seq BIGSERIAL PRIMARY KEY,
    identity_id TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX session_cache_changes_at ON session_cache_changes(at);

-- A changed row of `identities` names itself; a row of `sessions` or `addresses` its owner.
CREATE FUNCTION session_cache_identity_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO session_cache_changes (identity_id, at)
    VALUES (OLD.id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION session_cache_owner_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO session_cache_changes (identity_id, at)
        VALUES (OLD.identity_id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    ELSE
        INSERT INTO session_cache_changes (identity_id, at)
        VALUES (NEW.identity_id, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A session's last use (written once a minute) is not shown by a cached answer: not a change.
CREATE TRIGGER session_cache_session_changed AFTER UPDATE ON sessions
FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
    OR NEW.restricted IS DISTINCT FROM OLD.restricted OR NEW.aal IS DISTINCT FROM OLD.aal
    OR NEW.methods IS DISTINCT FROM OLD.methods OR NEW.expires_at IS DISTINCT FROM OLD.expires_at
    OR NEW.idle_timeout IS DISTINCT FROM OLD.idle_timeout)
EXECUTE FUNCTION session_cache_owner_changed();

CREATE TRIGGER session_cache_identity_changed AFTER UPDATE OR DELETE ON identities
FOR EACH ROW EXECUTE FUNCTION session_cache_identity_changed();

CREATE TRIGGER session_cache_address_changed AFTER INSERT OR UPDATE OR DELETE ON addresses
FOR EACH ROW EXECUTE FUNCTION session_cache_owner_changed();
