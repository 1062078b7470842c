-- Signing keys per algorithm (ES256 always, EdDSA for apps that ask for it): one current and one
-- next key of each.
DROP INDEX token_signing_keys_one_current;
DROP INDEX token_signing_keys_one_next;
CREATE UNIQUE INDEX token_signing_keys_one_current ON token_signing_keys(alg) WHERE state = 'current';
CREATE UNIQUE INDEX token_signing_keys_one_next ON token_signing_keys(alg) WHERE state = 'next';

-- The algorithm an app's ID and access tokens are signed with.
ALTER TABLE oauth2_clients ADD COLUMN signing_alg TEXT NOT NULL DEFAULT 'ES256';
