# The hosted pages (src/ui/templates). { $product } is the product name (selfservice's
# rp display name); every page message may use it.

language-name = English
language-menu = Language

## Shared
common-go-to-sign-in = Go to the sign-in page
common-email = Email
common-code-from-email = Code from the email
common-send-new-code = Send a new code
common-use-different-email = Use a different email
common-not-now = Not now
common-later = Later
common-continue = Continue
common-sign-in = Sign in
common-sign-out = Sign out
common-save-passkey = Save a passkey
common-not-signed-in = You are not signed in.
common-back-to-sign-in = Back to sign in
common-js-needed-site = Turn on JavaScript for this site.

## Titles
title-sign-in = Sign in
title-create-account = Create your account
title-confirm-address = Confirm your email address
title-recover = Recover your account
title-confirm-its-you = Confirm it's you
title-allow-app = Allow an app
title-sign-out = Sign out
title-save-passkey = Save a passkey
title-remove-passkey = Remove a passkey
title-cancel-recovery = Cancel a recovery link
title-account = Your account
title-outbox = Dev outbox

## Sign-in page
login-heading = Sign in
login-noscript = Passkeys need JavaScript. Turn on JavaScript for this site to sign in with your passkey, or with a code sent by email.
login-passkey = Sign in with passkey
login-use-email = Use email instead
login-trouble = Common reasons a passkey does not work here:
login-cant-use-passkey = Can't use passkey?
login-email-explain = We'll email you a one-time code and a sign-in link.
login-email-help = Use the address you confirmed for your account. If your browser offers a saved passkey in this field, you can choose it instead.
login-send-link = Send link
login-with-code = Sign in with code
login-backup-summary = Use a backup code
login-backup-explain = No passkey and no email at hand? Use one of the backup codes you saved.
login-account-email = Account email
login-backup-code = Backup code
login-with-backup-code = Sign in with backup code
login-other-summary = Use a different method
login-password-explain = Have a password from before passkeys? Sign in with it, then switch to a passkey.
login-password = Password
login-with-password = Sign in with password
login-new-here = New here?
login-create-account = Create an account
login-password-off-heading = Disable password?
login-password-off-explain = You have been signing in with passkeys for a while. Turn off the password from before, so nobody can sign in with it. It cannot be turned on again; email stays your way back in.
login-password-off = Disable password

## Offer to save a passkey (after a sign-in without one)
offer-heading = You're signed in. Save a passkey on this device?
offer-detail = Next time, sign in with your fingerprint, face or screen lock instead of waiting for an email.

## Sign-up page
signup-heading = Create your account
signup-noscript = Passkeys need JavaScript. Turn on JavaScript for this site to create your account.
signup-email-help = No password needed: we email you a code to confirm the address, then your device saves a passkey, unlocked with your fingerprint, face or screen lock.
signup-create = Create account with passkey
signup-have-account = Already have an account?
signup-confirm = Confirm and create passkey
signup-saved-heading = ✓ Passkey saved to this device
signup-another-explain = Save another passkey for a backup? If this device is lost or reset, the other one still signs you in.
signup-another-phone = On phone
signup-another-key = On hardware key
signup-backup-heading = One more way back in: backup codes
signup-backup-explain = Ten one-time codes to keep on paper or in a password manager. If your passkeys are ever out of reach, your email address and one code sign you in.
backup-create = Create backup codes

## Backup codes sheet
backup-sheet-heading = Your new backup codes
backup-sheet-account = Account:
backup-sheet-save = Save them now: they are shown only this once. Each code works once.
backup-sheet-replaced = Your earlier codes no longer work.
backup-download = Download (.txt)
backup-print = Print

## Magic-link page
link-heading = Sign in to { $product }
link-noscript = This page needs JavaScript to finish signing in. Without it, enter the code from the email on the sign-in page.
link-explain = You opened a sign-in link. Press the button to sign in on this device.
link-account = This link signs you in to this account:
link-not-you-label = Not you?
link-not-you = Don't press Sign in: someone may be trying to sign this browser into their own account. Close this page; nothing happens until you press the button.

## Address confirmation link page
verify-link-noscript = This page needs JavaScript to confirm your address. Without it, enter the code from the email on your account page.
verify-link-explain = Press the button to confirm this address for your { $product } account.
verify-link-confirm = Confirm my address
verify-link-account = Go to your account

## Address confirmation step (account page)
verify-sent = We sent a code to your email address. Enter it to confirm the address: then it can get you back in if a passkey is not at hand.
verify-confirm = Confirm address

## Recovery page
recovery-heading = Recover your account
recovery-noscript = Recovering your account saves a new passkey, which needs JavaScript. Turn on JavaScript for this site and open the link again.
recovery-explain = Support gave you this link to get back into your { $product } account. Press the button to continue on this device; next, you save a new passkey.
recovery-not-asked = Didn't ask support for help? Close this page: nothing happens until you press the button. Then use "This wasn't me" in the email we sent you.
recovery-save-heading = Save a new passkey
recovery-save-explain = This device saves a passkey for your account, unlocked with your fingerprint, face or screen lock. Until it is saved, this sign-in can do nothing else.
recovery-stop = Stop and sign out

## Step-up page
step-up-noscript = Confirming with a passkey needs JavaScript.
step-up-explain = This step needs a passkey sign-in. Use the passkey on this device (fingerprint, face or screen lock), and you go straight back.
step-up-use-passkey = Use your passkey
step-up-no-passkey = No passkey on this device? Sign in by email and save one on your account page, or use a device that has one.
step-up-account-page = Your account page
step-up-sign-in = Sign in with your passkey

## Re-enrolment page (high-value account, signed in without a passkey)
re-enrol-heading = One more step: save a passkey on this device
re-enrol-noscript = Saving a passkey needs JavaScript.
re-enrol-explain = { $limited ->
    [yes] You signed in without a passkey, and this account needs more protection than an email or a backup code gives. Until you save a passkey here, your account is limited to a few low-stakes things.
   *[no] You signed in without a passkey, and this account needs more protection than an email or a backup code gives. Until you save a passkey here, your account is limited.
}
re-enrol-unlock = Your device unlocks the passkey with your fingerprint, face or screen lock. Every address on the account is told that a passkey was added.
re-enrol-limited-heading = Or carry on with limited access
re-enrol-limited-can = Without a passkey you can still:
re-enrol-continue = Continue with limited access
re-enrol-sign-in-first = Sign in first

## "This wasn't me" pages
disown-heading = Remove a passkey you did not save
disown-noscript = This needs JavaScript. Turn it on for this site and open the link again, or contact support.
disown-explain = We emailed you because a new passkey was saved to your account from a sign-in by email. If it wasn't you, remove it: it stops working and every session it opened is signed out.
disown-confirm = This wasn't me: remove the passkey
disown-saved-it = If you saved it yourself, close this page. Afterwards, change your email password: whoever saved it could read your email.
cancel-heading = Cancel a recovery link
cancel-noscript = Cancelling needs JavaScript. Turn it on for this site and open the link again, or contact support.
cancel-explain = We emailed you because support issued a recovery link for your account. If you did not ask support for help, someone may be trying to take over your account: cancel the link and it works for nobody.
cancel-confirm = This wasn't me: cancel the link
cancel-asked = If you did ask support for help, close this page.

## Consent page (an app asks for access)
consent-heading = Allow { $client }?
consent-noscript = This step needs JavaScript.
consent-explain = { $client } asks to sign you in with your { $product } account and to see:
consent-take-back = You can take this back at any time on your account page.
consent-allow = Allow
consent-deny = Don't allow
scope-openid = who you are: your account's id
scope-email = your email address
scope-offline_access = that you stay signed in to it while your session here lasts

## App's sign-out page
logout-heading = Sign out of { $product }?
logout-noscript = Signing out here needs JavaScript. Turn on JavaScript for this site, or sign out from your account page.
logout-explain = An app asked to sign you out. This signs you out of { $product } on this device; apps you use through it will ask you to sign in again.
logout-didnt-ask = Didn't ask for this?
logout-stay = Stay signed in

## Account page
account-heading = Your account
account-cooling = This passkey is new and was saved after a sign-in by email, so it waits a while before it unlocks everything. One of your other passkeys or a backup code can confirm it now.
account-limited = Limited session.
account-confirm-passkey = Confirm with another passkey
account-confirm-code-label = Or a backup code
account-confirm-code = Confirm with backup code
account-restricted = You signed in without a passkey, and this account needs more protection: some changes stay locked until you save a passkey on this device.
account-save-here = Save a passkey on this device
account-recovered = Your account is recovered and your new passkey is saved. Every other session was signed out. Make new backup codes below.
account-signed-in-as = Signed in as
account-confirmed = (confirmed)
account-noscript = Managing your account needs JavaScript.
account-unconfirmed = Your email address is not confirmed yet. Confirm it so a code by email can get you back in if a passkey is not at hand.
account-send-confirmation = Send confirmation code
account-passkeys = Passkeys
account-col-name = Name
account-col-created = Created
account-col-last-used = Last used
account-col-device = Device
account-col-synced = Synced
account-col-actions = Actions
account-never = Never
device-security_key = Security key
device-phone = Phone or tablet
device-built_in = Built in
device-unknown = Unknown
account-synced-yes = Yes
account-synced-can = Can sync
account-synced-no = This device only
account-rename = Rename
account-rename-label = Rename { $name }
account-remove = Remove
account-remove-label = Remove { $name }
account-no-passkey = You have no passkey yet. Save one on this device to sign in with one tap.
account-one-passkey = You have one passkey. Add another on a second device so losing one does not lock you out.
account-passkey-here = This device
added-via-sign_up = at sign-up
added-via-account = on your account
added-via-recovery = with a recovery link
added-via-upgrade = after a password sign-in
added-via-re_enrol = after a sign-in without a passkey
account-recovered-others = { $count ->
    [one] Your account still has 1 passkey from before the recovery. If it is lost or someone else may have it, remove it.
   *[other] Your account still has { $count } passkeys from before the recovery. If they are lost or someone else may have them, remove them.
}
account-remove-others = { $count ->
    [one] Remove the other passkey
   *[other] Remove the { $count } other passkeys
}
account-add-passkey = Add another passkey
account-backup-heading = Backup codes
account-backup-status = { $remaining ->
    [one] You have 1 unused backup code. It signs you in once, with your email address, if your passkeys are out of reach.
   *[other] You have { $remaining } unused backup codes. Each one signs you in once, with your email address, if your passkeys are out of reach.
}
account-backup-none = No backup codes yet. Ten one-time codes, kept on paper or in a password manager, get you in if your passkeys and your email are out of reach.
account-backup-low = { $remaining ->
    [0] None left: make a new set.
    [one] Only 1 left: make a new set.
   *[other] Only { $remaining } left: make a new set.
}
account-backup-new = Make new backup codes
account-password-heading = Password
account-password-on = Password: on. You can still sign in with the password from before passkeys; turn it off once your passkeys work for you. It cannot be turned on again.
account-password-off = Turn off password
account-sessions-heading = Where you are signed in
account-this-device = This device: { $device }, signed in { $when } UTC with { $way }.
way-in-passkey = a passkey
way-in-code = an email code or link
way-in-lookup_secret = a backup code
way-in-recovery = a recovery link
way-in-password = a password
account-col-signed-in = Signed in
account-col-last-active = Last active
account-col-with = With
account-limited-mark = (limited)
account-sign-out-label = Sign out { $device }, signed in { $when }
account-sign-out-all = Sign out everywhere else
account-nowhere-else = You are not signed in anywhere else.
account-apps-heading = Apps you signed in to with this account
account-col-app = App
account-col-last-signed-in = Last signed in
account-col-allowed = Allowed to see
account-app-not-now = not signed in now
account-app-own = your account (an app of this site's own)
account-remove-access = Remove access
account-remove-access-label = Remove access of { $app }
account-apps-help = Removing access signs you out of the app and stops it from using your account until you sign in to it again.

## Dev outbox
outbox-notice = Development mode: email is not sent, it lands here (newest first) and on the console.
outbox-to = To { $recipient }
outbox-empty = No messages yet.
