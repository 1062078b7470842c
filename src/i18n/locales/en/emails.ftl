# The emails (src/courier/templates): subject, plain text and HTML share these. Links and
# codes stand on their own lines, so every language keeps them whole.

email-if-not-you-ignore = If this wasn't you, ignore this email.
email-code-is = Your one-time code is:
email-this-wasnt-me = This wasn't me

## Sign-in code and link
email-login-code-subject = Your { $product } sign-in code: { $code }
email-login-code-heading = Sign in to { $product }
email-login-code-or-link = Or open this link to sign in:
email-login-code-works = The code works once, for { $lifespan }, in the sign-in you started: { $device }, { $requested_at }. The link works once too, on whichever device opens it: open it only where you want to be signed in.
email-login-code-nobody = Nobody can sign in without the code or the link.

## Sign-in asked for an address that cannot sign in by email
email-login-unavailable-subject = Sign-in request for { $product }
email-login-unavailable-body = Someone asked to sign in to { $product } with this email address ({ $device }, { $requested_at }), but no account can sign in with it by email: either no account uses it, or the account has not confirmed it yet.
email-login-unavailable-create = Want an account? Create one here:
email-login-unavailable-passkey = Have one? Sign in with your passkey.

## Address confirmation
email-verify-subject = Confirm your email for { $product }: { $code }
email-verify-heading = Confirm your email address for { $product }
email-verify-enter = Enter this code where you signed up:
email-verify-or-link = Or open this link to confirm:
email-verify-works = Once confirmed, this address is your way back in if a passkey is not at hand. The code and the link work once, for { $lifespan } ({ $device }, { $requested_at }).

## Sign-up code
email-sign-up-subject = Your { $product } sign-up code: { $code }
email-sign-up-heading = Create your { $product } account
email-sign-up-enter = Enter this code where you started signing up:
email-sign-up-works = It confirms this address is yours, so it can get you back in if a passkey is ever not at hand. The code works once, for { $lifespan }, only in the sign-up you started: { $device }, { $requested_at }.
email-sign-up-nothing = No account is created without the code.

## Sign-up asked for an address that has an account
email-sign-up-exists-subject = You already have a { $product } account
email-sign-up-exists-body = Someone asked to create a { $product } account with this email address ({ $device }, { $requested_at }), but an account already uses it.
email-sign-up-exists-sign-in = If it was you, sign in instead:
email-sign-up-exists-no-passkey = No passkey at hand? Choose "{ login-cant-use-passkey }" there to get a sign-in code by email.
email-sign-up-exists-nothing = Nothing changed on your account.

## New backup codes
email-codes-created-subject = New backup codes for your { $product } account
email-codes-created-body = New backup codes were created for your { $product } account ({ $device }, { $requested_at }). Your earlier backup codes no longer work.
email-codes-created-not-you = If this wasn't you, sign in and create a new set at once, and check your passkeys:

## A backup code signed in
email-code-used-subject = A backup code was used to sign in to { $product }
email-code-used-heading = A backup code was used to sign in
email-code-used-body = A backup code was just used to sign in to your { $product } account ({ $device }, { $requested_at }). { $remaining ->
    [one] 1 backup code is left.
   *[other] { $remaining } backup codes are left.
}
email-code-used-not-you = If this wasn't you, sign in, create new backup codes (the old ones then stop working) and check your passkeys:

## Password turned off
email-password-off-subject = Password turned off for your { $product } account
email-password-off-body = The password of your { $product } account was turned off ({ $device }, { $requested_at }). You now sign in with your passkeys; if a passkey is not at hand, use email instead.
email-password-off-not-you = If this wasn't you, sign in with a passkey or by email and check your passkeys and sessions:

## Support issued a recovery link
email-recovery-issued-subject = A support agent issued a recovery link for your { $product } account
email-recovery-issued-heading = A support agent issued a recovery link for your account
email-recovery-issued-body = A support agent issued a recovery link for your { $product } account on { $issued_at } UTC. It works from { $usable_from } UTC until { $expires_at } UTC, once, and only lets its holder save a new passkey. Your passkeys keep working.
email-recovery-issued-asked = If you asked support for help, you need do nothing.
email-recovery-issued-not-you = If this wasn't you, someone may be trying to take over your account. Cancel the link now:
email-recovery-issued-cancel = This wasn't me: cancel the link

## A recovery link was used
email-recovery-used-subject = Your { $product } account was recovered with a support link
email-recovery-used-heading = Your account was recovered with a support link
email-recovery-used-body = A recovery link from support was just used to get into your { $product } account ({ $device }, { $requested_at }). Once a new passkey is saved with it, your other sessions are signed out.
email-recovery-used-not-you = If this wasn't you, contact support at once: someone may have taken over your account.

## A passkey was saved from a sign-in without one
email-passkey-added-subject = A new passkey was saved to your { $product } account
email-passkey-added-heading = A new passkey was saved to your account
email-passkey-added-body = A new passkey ("{ $name }") was saved to your { $product } account from a sign-in with { $way_in } ({ $device }, { $requested_at }).
email-passkey-added-cooldown = For the next { $cooldown } it only opens limited sessions, unless one of your other passkeys or a backup code confirms it.
email-passkey-added-was-you = If this was you, you need do nothing.
email-passkey-added-not-you = If this wasn't you, someone { $way ->
    [password] who knows your password
    [lookup_secret] who holds one of your backup codes
   *[other] who can read your email
} may be taking over your account.
email-passkey-added-remove = Remove that passkey and sign out every session it opened:
email-passkey-added-button = This wasn't me: remove it and sign it out
email-passkey-added-then = { $way ->
    [password] Then turn your password off on your account page.
    [lookup_secret] Then make a new set of backup codes on your account page.
   *[other] Then change your email password.
}

## Wrong codes were slowed down
email-slowed-subject = Sign-in attempts on your { $product } account were slowed down
email-slowed-heading = Sign-in attempts were slowed down
email-slowed-body = Someone entered { $tries } wrong codes (emailed codes or backup codes) for your { $product } account, so further tries with codes now have to wait: an hour at first, longer after each ten more.
email-slowed-passkey = Your passkey still signs you in at once, and so does the link in a sign-in email.
email-slowed-not-you = If this wasn't you, someone may be guessing: sign in with your passkey and make new backup codes if yours might be known:
