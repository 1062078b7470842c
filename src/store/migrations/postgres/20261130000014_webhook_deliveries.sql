-- Webhook deliveries: a durable outbox like the courier's. A row is written in the same
-- transaction as the audit entry it announces (one per entry and webhook URL), so an event is
-- never announced without being recorded, nor recorded without being announced. The signing
-- secret stays in the configuration, never here.
-- Applied migrations are never edited.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    event_id TEXT NOT NULL,                       -- the audit entry's id: receivers dedupe on it
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,                         -- queued | sent | abandoned
    attempts BIGINT NOT NULL,
    last_error TEXT,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (event_id, url)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
