-- A sign-up whose address was proven by an emailed code before the passkey was made: the new
-- identity's address starts verified. Applied migrations are never edited.
ALTER TABLE flows ADD COLUMN address_verified BIGINT NOT NULL DEFAULT 0;
