-- How each passkey came to be saved, for the account page: sign_up, account (the account page or
-- the offer after an email sign-in), recovery (an admin-issued link), upgrade (after a password
-- sign-in) or re_enrol (a restricted session saving one). Passkeys saved before it was recorded
-- stay NULL, except those saved at sign-up (no session saved them).
ALTER TABLE passkeys ADD COLUMN added_via TEXT;
UPDATE passkeys SET added_via = 'sign_up' WHERE added_in_session IS NULL;
