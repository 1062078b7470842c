-- Identities, addresses, passkeys, ceremony flows and sessions. Times are Unix milliseconds (UTC)
-- in BIGINT columns (INTEGER in the SQLite twin) so both backends share one set of queries. Applied migrations are never
-- edited: add a new file instead.

CREATE TABLE identities (
    id TEXT PRIMARY KEY,                          -- UUID v4, the identity id apps see
    schema_id TEXT NOT NULL,                      -- identity schema (Kratos compatibility)
    state TEXT NOT NULL,                          -- active | inactive
    user_handle TEXT NOT NULL UNIQUE,             -- random WebAuthn user handle, never derived from the email
    email TEXT NOT NULL,                          -- the email trait
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    via TEXT NOT NULL,                            -- email
    value TEXT NOT NULL UNIQUE,                   -- normalised (lower-case) address
    verified BIGINT NOT NULL,                    -- 0 | 1
    verified_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    credential_id BYTEA NOT NULL UNIQUE,           -- unique across all identities (WebAuthn 7.1)
    name TEXT NOT NULL,                           -- shown on the account page
    passkey TEXT NOT NULL,                        -- webauthn-rs credential record (public key, counter, flags), JSON
    sign_count BIGINT NOT NULL,                  -- last accepted signature counter
    backup_eligible BIGINT NOT NULL,             -- BE flag, 0 | 1
    backup_state BIGINT NOT NULL,                -- BS flag, 0 | 1, updated on every use
    counter_regressions BIGINT NOT NULL DEFAULT 0, -- refused assertions whose counter went backwards
    last_counter_regression_at BIGINT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_identity ON passkeys(identity_id);

CREATE TABLE flows (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                           -- registration | login | add_passkey
    client TEXT NOT NULL,                         -- browser | api
    ceremony_state TEXT NOT NULL,                 -- webauthn-rs ceremony state (holds the challenge), JSON
    email TEXT,                                   -- registration: address being signed up
    identity_id TEXT,                             -- registration/add_passkey: the identity (to be)
    user_handle TEXT,                             -- registration: the user handle sent to the authenticator
    csrf_hash BYTEA,                               -- browser flows: SHA-256 of the starting browser's CSRF token
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX flows_expiry ON flows(expires_at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,                          -- session id apps see (not a secret)
    token_hash BYTEA NOT NULL UNIQUE,              -- SHA-256 of the session token; the token itself is never stored
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    aal TEXT NOT NULL,                            -- aal1 | aal2
    methods TEXT NOT NULL,                        -- JSON list of {method, aal, completed_at}
    restricted BIGINT NOT NULL,                  -- 0 | 1
    issued_at BIGINT NOT NULL,
    authenticated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT                            -- set by sign-out; a revoked session never answers again
);
CREATE INDEX sessions_identity ON sessions(identity_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
