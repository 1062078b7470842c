-- The keys that sign tokens (whoami tokens now, OpenID Connect tokens next). The private key is
-- sealed with `secrets.cipher` (its id authenticated with it); the public half is published in
-- the JWKS. One key signs (`current`), the next is published before it ever signs (`next`), and
-- keys rotated out stay published (`retired`) until every token they signed has expired.
CREATE TABLE token_signing_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,                -- ES256
    sealed_key TEXT NOT NULL,         -- PKCS#8 DER, sealed (keys::Cipher)
    public_jwk TEXT NOT NULL,         -- the JWK the JWKS publishes, JSON
    state TEXT NOT NULL,              -- next | current | retired
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);
-- At most one key signs and one waits: replicas racing to make the first keys, or two rotations
-- at once, cannot leave two.
CREATE UNIQUE INDEX token_signing_keys_one_current ON token_signing_keys(state) WHERE state = 'current';
CREATE UNIQUE INDEX token_signing_keys_one_next ON token_signing_keys(state) WHERE state = 'next';
