-- Admin recovery (fallback 2): identity tiers, admin API keys, recovery links, and the
-- append-only, hash-chained audit log. Times are Unix milliseconds. Applied migrations are never
-- edited.

ALTER TABLE identities ADD COLUMN tier TEXT NOT NULL DEFAULT 'standard';  -- standard | high_value

CREATE TABLE admin_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,                           -- support | admin
    key_hash BYTEA NOT NULL UNIQUE,                -- SHA-256 of the key (256 random bits: a fast hash suffices)
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

CREATE TABLE recovery_links (
    id TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    status TEXT NOT NULL,                         -- pending_approval | issued | used | cancelled | expired
    token_hash BYTEA UNIQUE,                       -- SHA-256 of the link's token; NULL until the link exists
    cancel_hash BYTEA UNIQUE,                      -- SHA-256 of the "This wasn't me" token
    requested_by TEXT NOT NULL,                   -- admin key id
    approved_by TEXT,                             -- admin key id (two-person rule)
    reason TEXT NOT NULL,                         -- passkey_lost_no_email | email_compromised | other | unspecified
    reason_text TEXT,
    verification TEXT NOT NULL,                   -- callback_known_phone | video_call | id_document | other | unspecified
    verification_text TEXT,
    lifespan BIGINT NOT NULL,                    -- milliseconds the link lives once it exists
    created_at BIGINT NOT NULL,
    issued_at BIGINT,
    usable_from BIGINT,                          -- after the cooling-off delay
    expires_at BIGINT,
    ended_at BIGINT                              -- used, cancelled or expired
);
CREATE INDEX recovery_links_identity ON recovery_links(identity_id, created_at);
CREATE INDEX recovery_links_status ON recovery_links(status, expires_at);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,                     -- position in the chain: 1, 2, 3, ...
    id TEXT NOT NULL UNIQUE,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,                     -- identity | admin_key | system
    actor_id TEXT,
    actor_name TEXT,
    subject_id TEXT,                              -- the identity concerned (no foreign key: entries outlive identities)
    action TEXT NOT NULL,
    reason TEXT,
    details TEXT NOT NULL,                        -- JSON object
    client_ip TEXT,
    user_agent TEXT,
    prev_hash TEXT NOT NULL,                      -- hash of the entry before (64 zeros for the first)
    hash TEXT NOT NULL                            -- SHA-256 over this entry's fields and prev_hash
);
CREATE INDEX audit_log_subject ON audit_log(subject_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);

-- The end of the chain: appends lock this row, so entries are numbered and chained one at a time
-- across replicas, and a deleted tail shows as a chain shorter than its head.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
