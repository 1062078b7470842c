-- Backup codes (look-up secrets): ten one-time codes per identity. Applied migrations are never edited.

CREATE TABLE backup_codes (
    id TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    slot TEXT NOT NULL,                           -- the code's first two characters: picks the one hash a sign-in checks (not secret)
    code_hash TEXT NOT NULL,                      -- Argon2id PHC string of the rest of the code
    created_at INTEGER NOT NULL,
    used_at INTEGER                                    -- set once, atomically, when the code signs in
);
CREATE INDEX backup_codes_identity ON backup_codes(identity_id, slot);
