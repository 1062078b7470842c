# Error text (`error.message` of every typed error; the `error.id` never changes). Apps match on
# the id; people read this.

error-session_missing = No valid session was found. Sign in and try again.
error-passkey_challenge_invalid = This sign-in attempt is no longer valid. Start again.
error-passkey_challenge_expired = This sign-in attempt took too long and expired. Start again.
error-flow_mismatch = This request does not belong to the flow it names.
error-passkey_verification_failed = The passkey could not be verified. Try again, or use another way to sign in.
error-passkey_unknown = This passkey is not registered here any more (it may have been removed from your account). Use another passkey, or sign in by email.
error-passkey_user_verification_required = Your device did not verify it is you (PIN, fingerprint or face). Try again.
error-passkey_possible_clone = This passkey was refused because it may have been copied. Use another way to sign in and contact support.
error-passkey_already_registered = This passkey is already registered.
error-identity_exists = An account with this email address already exists. Sign in instead.
error-password_registration_forbidden = latchkey does not create passwords for new accounts. Sign up with a passkey.
error-identity_inactive = This account is disabled. Contact support.
error-csrf_violation = This request was refused because it did not come from this site. Reload the page and try again.
error-wrong_address = This page was opened at { $opened }, but sign-in for this site lives at { $site }. Open it there: passkeys only work at that address.
error-code_expired = This code has expired or was already used. Ask for a new one.
error-code_invalid = { $tries ->
    [one] That code is not right. 1 try left.
   *[other] That code is not right. { $tries } tries left.
}
error-code_attempts_exhausted = That code was not right either, and it was the last try. Ask for a new code.
error-link_invalid = This link has expired or was already used. Ask for a new one.
error-rate_limited = Too many tries for now. Try again in { $wait }, or sign in with your passkey or a backup code meanwhile.
error-address_already_verified = Your email address is already confirmed.
error-sign_up_code_required = Confirm your email address first: ask for a code with POST /self-service/registration/code, then send its flow_id and code.
error-backup_code_invalid = That backup code did not work. Check the email address and the code, or use another way to sign in.
error-credentials_invalid = The email address or password is not right. Sign in with a passkey, or use email instead.
error-step_up_required = For your security, confirm it's you with your passkey first, then try again.
error-passkey_last_one = This is your only passkey. Add another passkey first, then remove this one.
error-method_disabled = This way of signing in is not enabled on this server.
error-admin_key_missing = Send an admin API key: Authorization: Bearer <key> (create one with `latchkey admin keys create`).
error-admin_key_invalid = This admin API key is not valid: it is unknown or was revoked.
error-recovery_reason_required = Say why the link is needed and how the person was verified: send `reason` and `verification`.
error-recovery_not_pending = This recovery request is not waiting for approval any more.
error-recovery_link_invalid = This recovery link has expired, was already used or was cancelled. Contact support for a new one.
error-recovery_link_not_yet_valid = This recovery link works from { $usable_from } (a safety delay). Open it again then.
error-session_enrolment_required = This session comes from a recovery link: save a new passkey first.
error-session_aal2_required = This needs a sign-in with a passkey (aal2). Confirm it's you with your passkey.
error-session_restricted = This session was made without a passkey on a high-value account: save a passkey on this device first.
error-passkey_confirmation_refused = This passkey can be confirmed only with one of your other passkeys, or with a backup code you made before it was saved. Otherwise it is confirmed when its waiting time ends.
error-automatic_upgrade_refused = A passkey is saved without a dialog only right after a password sign-in, to an account that has none yet. Save one with the Save passkey button instead.
error-payload_too_large = The request body is too large.
error-not_found = Not found.
error-method_not_allowed = This method is not allowed here.
error-request_timeout = The server took too long to answer. Try again in a moment.
error-store_unavailable = The service is briefly unavailable. Try again in a few seconds.
error-internal_error = Something went wrong on our side. Try again in a moment.

## What a person typed that cannot be used (`invalid_request`)
invalid-email = Enter a valid email address, like name@example.com.
invalid-email-undeliverable = This email address cannot receive mail. Check it for typos.
invalid-passkey-name = A passkey's name is 1 to 64 characters, without line breaks.
invalid-this-session = That is this session: sign out to end it.
invalid-consent-request = This page needs the app's sign-in request: start again from the app.

## A span of time, put into other messages ("15 minutes")
duration = { $unit ->
    [second] { $count ->
        [one] 1 second
       *[other] { $count } seconds
    }
    [minute] { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }
    [hour] { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
   *[day] { $count ->
        [one] 1 day
       *[other] { $count } days
    }
}
