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

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.mac IS NOT NULL OR NEW.mac IS NULL OR NEW.hash IS NOT OLD.hash OR NEW.seq IS NOT OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'the audit head only moves forward');
END;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'the audit head only moves forward');
END;

-- Queued mail is sealed (XChaCha20-Poly1305, a key derived from secrets.cipher) in `sealed`;
-- subject and bodies stay empty for new messages. Rows queued before keep their clear text until
-- they are sent or abandoned, which erases them as before.
ALTER TABLE courier_messages ADD COLUMN sealed TEXT NOT NULL DEFAULT '';
