-- The password migration: passwords of accounts imported from another system. Applied migrations
-- are never edited.
--
-- Only an import creates a row here; nothing gives a password to an identity that has none.
CREATE TABLE passwords (
    identity_id TEXT PRIMARY KEY REFERENCES identities(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,                           -- PHC or modular crypt; argon2id once latchkey rehashed it
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- When the identity was imported (the cohort of the migration numbers); NULL for identities made here.
ALTER TABLE identities ADD COLUMN imported_at BIGINT;
