-- Edge hardening (findings 9 and 11). Applied migrations are never edited.
--
-- The audit trail is keyed: each entry's hash (the SHA-256 chain, unchanged) is signed with an HMAC
-- key derived from secrets.default (`key_id`, `mac`), and so is the head row. Entries written before
-- this migration stay unsigned until `latchkey audit adopt` signs them; signing an unsigned entry
-- is the one change the log accepts. The head row only moves forward and cannot be deleted.
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
ALTER TABLE audit_log ADD COLUMN mac TEXT;
ALTER TABLE audit_head ADD COLUMN key_id TEXT;
ALTER TABLE audit_head ADD COLUMN mac TEXT;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.mac IS NULL AND NEW.mac IS NOT NULL AND NEW.hash = OLD.hash AND NEW.seq = OLD.seq THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.seq >= OLD.seq THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit head only moves forward';
END;
$$;
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();

-- Queued mail is sealed (XChaCha20-Poly1305, a key derived from secrets.cipher) in `sealed`;
-- subject and bodies stay empty for new messages. Rows queued before keep their clear text until
-- they are sent or abandoned, which erases them as before.
ALTER TABLE courier_messages ADD COLUMN sealed TEXT NOT NULL DEFAULT '';
