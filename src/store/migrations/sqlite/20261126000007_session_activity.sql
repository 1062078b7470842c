-- Inactivity timeouts: when a session was last used, and how long it may sit idle (NULL: no
-- inactivity limit). Applied migrations are never edited.

ALTER TABLE sessions ADD COLUMN last_active_at INTEGER;       -- NULL on sessions made before: read as issued_at
ALTER TABLE sessions ADD COLUMN idle_timeout INTEGER;         -- milliseconds
