-- OpenID Connect: one row per authorization a person gave an app. It starts as an authorization
-- code (stored as its SHA-256, single use, bound to the client, redirect URI, PKCE challenge and
-- session) and, once redeemed, holds the refresh-token family. It lives as long as the session that
-- made it: a step-up moves it to the replacing session, anything that ends the session ends it.
CREATE TABLE oauth2_grants (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    scopes TEXT NOT NULL,             -- space-separated, as granted
    nonce TEXT,                       -- echoed in the ID token
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,     -- PKCE S256
    code_hash BYTEA NOT NULL UNIQUE,
    code_used_at BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,           -- the code's end until redeemed, then the session's
    revoked_at BIGINT,
    revoked_why TEXT                  -- code_reused | refresh_reused | revoked_by_client | revoked_by_user | revoked_by_admin
);
CREATE INDEX oauth2_grants_session ON oauth2_grants(session_id);
CREATE INDEX oauth2_grants_identity ON oauth2_grants(identity_id);
CREATE INDEX oauth2_grants_expiry ON oauth2_grants(expires_at);

-- Refresh tokens, as SHA-256. Each use rotates: the used one is marked, never deleted, so a second
-- use is recognised as theft and ends the whole grant.
CREATE TABLE oauth2_refresh_tokens (
    token_hash BYTEA PRIMARY KEY,
    grant_id TEXT NOT NULL REFERENCES oauth2_grants(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    rotated_at BIGINT
);
CREATE INDEX oauth2_refresh_tokens_grant ON oauth2_refresh_tokens(grant_id);

-- Scopes a person let a third-party app have, remembered so the consent page asks once.
CREATE TABLE oauth2_consents (
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (identity_id, client_id, scope)
);
