-- OpenID Connect clients registered through the admin API (those in the configuration are not
-- stored). The secret is kept as its SHA-256 only: it is shown once, when made.
CREATE TABLE oauth2_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash BLOB,                        -- none: a public client (PKCE alone)
    redirect_uris TEXT NOT NULL,           -- JSON list, matched exactly
    post_logout_redirect_uris TEXT NOT NULL,
    scopes TEXT NOT NULL,                  -- JSON list
    first_party INTEGER NOT NULL,               -- 0 | 1
    created_at INTEGER NOT NULL
);
