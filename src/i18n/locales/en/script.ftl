# What the page script says (src/ui/static/latchkey.js). These may use text, $variables and
# choices on a variable (plural forms) only: the script formats them itself.

js-reference = Reference: { $id }
js-wrong-address = You opened this page at { $opened }, but sign-in for this site lives at { $site }. Passkeys only work at that address.
js-open = Open { $url }
js-failed = Something went wrong. Try again.
js-ceremony-not-allowed = The passkey request was cancelled or timed out, or no passkey for this site is on this device.
js-ceremony-invalid-state = This device already holds a passkey for this account.
js-ceremony-security = This page's address does not match the site the passkey belongs to.
js-ceremony-aborted = The passkey request was stopped.
js-ceremony-other = Your browser could not complete the passkey request. Try again.
js-no-passkeys = This browser does not support passkeys. Try a current version of Chrome, Edge, Firefox or Safari.
js-checking-passkey = Checking your passkey…
js-signed-in = Signed in.
js-confirm-first = For your security, confirm it's you with your passkey…
js-hint-other-device = Your passkey is on another device or in another browser.
js-hint-cleared = The passkey was removed from this device (for example, the keychain or browser data was cleared).
js-hint-wrong-site = This page's address is not the site your passkey was made for.
js-enter-email = Enter your email address.
js-sending = Sending…
js-code-sent = If { $email } can sign in here, we sent it a code and a sign-in link. Enter the code, or open the link on any device.
js-enter-code = Enter the code from the email.
js-checking-code = Checking the code…
js-new-code-sent = A new code is on its way. The earlier one no longer works.
js-enter-backup-code = Enter one of your backup codes.
js-backup-codes-left = { $count ->
    [0] You have no backup codes left: make a new set on your account page.
    [one] You have 1 backup code left: make a new set on your account page.
    [2] You have 2 backup codes left: make a new set on your account page.
   *[other] You have { $count } backup codes left.
} Save a passkey on this device to sign in with your fingerprint, face or screen lock next time.
js-enter-password = Enter your password.
js-checking-password = Checking your password…
js-switch-heading = Switch to passwordless sign-in?
js-switch-detail = Faster, more secure, no passwords to remember: save a passkey and sign in with your fingerprint, face or screen lock.
js-switch-save = Save passkey
js-switch-skip = Continue
js-upgraded-heading = Passkey saved
js-upgraded-detail = Your password manager saved a passkey for this account. Next time, sign in with it instead of your password.
js-creating-passkey = Creating your passkey…
js-saved-here = Passkey saved to this device.
js-follow-phone = Follow your browser to save a passkey on your phone…
js-tap-key = Insert or tap your security key…
js-second-saved = Second passkey saved.
js-waiting-passkey = Waiting for your passkey…
js-link-incomplete-code = This link is incomplete. Open the whole link from the email, or enter the code on the sign-in page.
js-signing-in = Signing you in…
js-link-incomplete = This link is incomplete. Open the whole link from the email.
js-address-confirmed-thanks = { $address } is confirmed. Thank you.
js-confirmed = Confirmed.
js-recovery-incomplete = This link is incomplete. Open the whole link support gave you.
js-checking-link = Checking the link…
js-creating-new-passkey = Creating your new passkey…
js-recovered = Passkey saved. Your account is recovered.
js-link-incomplete-support = This link is incomplete. Open the whole link from the email, or contact support.
js-removing-passkey = Removing the passkey…
js-disowned = { $sessions ->
    [one] The passkey is removed and the session it opened is signed out.
   *[other] The passkey is removed and { $sessions } sessions it opened are signed out.
}
js-disowned-more = { $more ->
    [one] One more passkey saved from it is removed too.
   *[other] { $more } more passkeys saved from it are removed too.
}
js-disowned-codes = The backup codes made from it are deleted: make a new set on your account page.
js-change-email-password = Change your email password now.
js-cancelling = Cancelling…
js-recovery-cancelled = The recovery link is cancelled: it works for nobody. If you can still sign in, check your passkeys; otherwise contact support.
js-address-confirmed = { $address } is confirmed.
js-saving-passkey = Saving your passkey…
js-account-created = Account created.
js-signup-code-sent = We sent a code to { $email }. Enter it to confirm the address; then your device saves your passkey.
js-new-name = New name
js-save-name = Save name
js-remove-confirm = Remove the passkey "{ $name }"? It will no longer sign you in.
js-backup-file-title = Backup codes for { $account } at { $product }
js-backup-file-note = Each code signs in once, with your email address. Keep them private.
js-app-removed = The app's access is removed: it is signed out and asks you again next time.
js-session-ended = That session is signed out.
js-sessions-ended = { $count ->
    [one] 1 other session is signed out.
   *[other] { $count } other sessions are signed out.
}
js-limit-lifted = Passkey saved. Your session is no longer limited.
js-passkey-saved = Passkey saved.
js-password-off = Password: off. You sign in with your passkeys, or by email when a passkey is not at hand.
js-backup-fresh = You have 10 unused backup codes.
js-backup-new = Make new backup codes
js-creating-a-passkey = Creating a passkey…
js-passkey-added = Passkey added.
js-remove-others-confirm = { $count ->
    [one] Remove the other passkey? Only the passkey on this device will sign you in.
   *[other] Remove the { $count } other passkeys? Only the passkey on this device will sign you in.
}
js-removing-others = Removing the other passkeys…
