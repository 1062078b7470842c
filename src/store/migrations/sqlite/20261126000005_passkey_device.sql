-- What made each passkey: the authenticator's model (AAGUID) and the kind of device, for the
-- account page. Applied migrations are never edited.

ALTER TABLE passkeys ADD COLUMN aaguid TEXT;                                  -- null: the authenticator gave none (all zeros)
ALTER TABLE passkeys ADD COLUMN device_kind TEXT NOT NULL DEFAULT 'unknown';  -- built_in | phone | security_key | unknown
