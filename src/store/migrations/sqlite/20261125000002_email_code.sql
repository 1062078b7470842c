-- Email fallback: one-time grants (code + magic link), the durable mail outbox and send counters
-- for rate limits. Times are Unix milliseconds. Applied migrations are never edited.

CREATE TABLE email_grants (
    id TEXT PRIMARY KEY,                          -- the flow id the client holds
    purpose TEXT NOT NULL,                        -- sign_in | verify_address
    client TEXT NOT NULL,                         -- browser | api
    csrf_hash BLOB,                               -- browser grants: SHA-256 of the requesting browser's CSRF token
    address TEXT NOT NULL,                        -- normalised address the message went to
    identity_id TEXT REFERENCES identities(id) ON DELETE CASCADE, -- NULL when no account may sign in with it
    code_hash TEXT NOT NULL,                      -- Argon2id PHC string of the one-time code
    link_hash BLOB NOT NULL UNIQUE,               -- SHA-256 of the link token
    attempts INTEGER NOT NULL,                    -- code entries so far (right or wrong)
    return_to TEXT,                               -- allow-listed target after sign-in
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX email_grants_expiry ON email_grants(expires_at);

CREATE TABLE courier_messages (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,                       -- which message (for operators; the body is erased once sent)
    subject TEXT NOT NULL,                        -- erased ('') with the body
    text_body TEXT NOT NULL,                      -- erased ('') once delivered or abandoned
    html_body TEXT NOT NULL,
    status TEXT NOT NULL,                         -- queued | sent | abandoned
    attempts INTEGER NOT NULL,
    last_error TEXT,
    next_attempt_at INTEGER NOT NULL,
    claimed_until INTEGER,                        -- a sender is delivering it until then
    expires_at INTEGER NOT NULL,                  -- after this the message is useless (its code expired)
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX courier_messages_due ON courier_messages(status, next_attempt_at);

CREATE TABLE rate_events (
    bucket TEXT NOT NULL,                         -- what is limited, e.g. code_send:address:<sha256>
    at INTEGER NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events(bucket, at);
