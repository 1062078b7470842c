-- The sign-in funnel in numbers (telemetry::Funnel): how often each step happened, per hour (unix
-- milliseconds at the start of the hour), tier and cause. Each replica adds what it counted every
-- few seconds, so the admin page sees every replica's and survives restarts. Counts only: no
-- identity, address or client in any column.
-- Applied migrations are never edited.
CREATE TABLE funnel_counts (
    hour BIGINT NOT NULL,
    step TEXT NOT NULL,
    tier TEXT NOT NULL,
    cause TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (hour, step, tier, cause)
);
