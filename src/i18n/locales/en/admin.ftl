# The admin page (src/ui/templates/admin.html, src/ui/static/admin.js), for support staff.

admin-title = Admin
admin-brand = { $product } admin
admin-sign-out = Sign out
admin-noscript = The admin page needs JavaScript.
admin-sign-in-heading = Admin sign-in
admin-key = Admin API key
admin-key-help = Create one with latchkey admin keys create --name "…" --role support. It stays in this tab only and is forgotten when the tab closes.
admin-sign-in = Sign in
admin-find-heading = Find an identity
admin-search-label = Email address (or part of it)
admin-search = Search
admin-found = Identities found
admin-col-email = Email
admin-col-state = State
admin-col-tier = Tier
admin-col-open = Open
admin-health-heading = Sign-in health
admin-period = Period
admin-last-day = Last 24 hours
admin-last-week = Last 7 days
admin-chart-title = Sign-ins by passkey and by email, passkey failures, and passkeys saved after an email sign-in
admin-steps = Sign-in steps in the period, by tier
admin-col-step = Step
admin-col-standard = Standard
admin-col-high-value = High value
admin-col-unknown = Before the account is known
admin-migration-heading = Migration from passwords
admin-cohorts = Imported accounts by import day
admin-col-imported-on = Imported on
admin-col-accounts = Accounts
admin-col-with-passkey = With a passkey
admin-col-password-on = Password still on
admin-apps-heading = Apps that sign people in (OpenID Connect)
admin-apps = Apps
admin-col-app = App
admin-col-kind = Kind
admin-col-redirects = Redirect URIs
admin-col-from = From
admin-col-actions = Actions
admin-register-summary = Register an app
admin-register-help = Admin keys only. A confidential app (a web server) gets a secret, shown once; a public one (single-page or native app) proves itself with PKCE alone.
admin-client-id = Client id
admin-client-name = Name shown to people
admin-client-redirects = Redirect URIs, one per line (matched exactly)
admin-client-logout = Addresses to return to after sign-out, one per line
admin-client-may = It may have
admin-client-email = the person's email address
admin-client-refresh = refresh tokens (stays signed in while the session lasts)
admin-client-confidential = Confidential (has a secret)
admin-client-first-party = This organisation's own app (no consent page)
admin-register = Register app
admin-client-secret = Client secret
admin-pending-heading = Recovery requests waiting for approval
admin-recovery-heading = Issue a recovery link
admin-recovery-help = Only after verifying the person out of band. Hand the link over through a verified channel; the person is notified on every confirmed address and can cancel it.
admin-reason = Reason
admin-reason-lost = Passkeys lost and no access to email
admin-reason-compromised = Email account compromised
admin-reason-other = Other (explain below)
admin-reason-details = Details
admin-reason-details-help = (required for Other)
admin-verification = How you verified the person
admin-verification-callback = Called back a phone number on file
admin-verification-video = Video call
admin-verification-document = Checked an identity document
admin-verification-other = Other (explain below)
admin-verification-notes = Verification notes
admin-link-works-for = Link works for
admin-issue = Issue recovery link
admin-recovery-link = Recovery link
admin-identity-apps-heading = Apps signed in to
admin-col-live = Live sign-ins
admin-col-last-signed-in = Last signed in
admin-col-allowed = Allowed
admin-links-heading = Recovery links
admin-col-created = Created
admin-col-status = Status
admin-col-verification = Verification
admin-history-heading = Audit history
admin-col-time = Time
admin-col-action = Action
admin-col-by = By

## The admin page's script
admin-js-failed = Something went wrong. Try again.
admin-js-failed-reference = { $message } (reference { $reference })
admin-js-never = never
admin-js-open = Open
admin-js-open-label = Open { $email }
admin-js-high-value = high value
admin-js-standard = standard
admin-js-found = { $count ->
    [one] 1 found.
   *[other] { $count } found.
}
admin-js-no-consent = (no consent needed)
admin-js-remove-access = Remove access
admin-js-remove-access-label = Remove the access of { $app }
admin-js-access-removed = { $app } no longer has access: its tokens stopped working.
admin-js-fact-state = State
admin-js-fact-tier = Tier
admin-js-tier-high-value = high value (recovery needs an admin key and a second approval)
admin-js-fact-passkeys = Passkeys
admin-js-fact-codes = Backup codes left
admin-js-fact-addresses = Addresses
admin-js-confirmed = confirmed
admin-js-unconfirmed = not confirmed
admin-js-fact-sessions = Active sessions
admin-js-fact-last-sign-in = Last sign-in
admin-js-no-reason = ⚠ no reason given
admin-js-the-person = the person
admin-js-secret = The secret of { $app }. Copy it into the app's settings now: it is not shown again.
admin-js-confidential = confidential
admin-js-public = public
admin-js-own-app = own app
admin-js-third-party = third party
admin-js-from-config = configuration
admin-js-from-page = this page
admin-js-new-secret = New secret
admin-js-new-secret-label = New secret for { $app }
admin-js-remove = Remove
admin-js-remove-label = Remove { $app }
admin-js-app-removed = { $app } is removed: everyone signed in to it is signed out of it.
admin-js-series-passkey = Passkey sign-ins
admin-js-series-email = Email sign-ins
admin-js-series-failures = Passkey failures
admin-js-series-saved = Passkeys saved after email
admin-js-step-passkey_started = Passkey sign-in started
admin-js-step-passkey_failed = Passkey sign-in failed
admin-js-step-signed_in = Signed in
admin-js-step-email_offered = "Use email instead" shown
admin-js-step-email_chosen = "Use email instead" pressed
admin-js-step-code_requested = Email code requested
admin-js-step-code_expired = Expired code or link tried
admin-js-step-link_opened = Email link opened
admin-js-step-passkey_saved = Passkey saved
admin-js-step-recovery_requested = Recovery requested
admin-js-step-recovery_approved = Recovery approved
admin-js-step-recovery_issued = Recovery link issued
admin-js-step-recovery_cancelled = Recovery link cancelled
admin-js-step-prompt_shown = Migration prompt shown
admin-js-step-prompt_put_off = Migration prompt put off
admin-js-step-password_disabled = Password turned off
admin-js-people = { $people ->
    [one] 1 person signed in by email in this period; { $saved } of them then saved a passkey.
   *[other] { $people } people signed in by email in this period; { $saved } of them then saved a passkey.
}
admin-js-chart-hours = Hours since { $since }; highest bar { $highest }
admin-js-chart-days = Days since { $since }; highest bar { $highest }
admin-js-migration = { $accounts ->
    [one] 1 imported account
   *[other] { $accounts } imported accounts
}: { $passkey } with a passkey, { $password } with a password still, { $disabled ->
    [one] 1 password
   *[other] { $disabled } passwords
} turned off; { $sign_ins ->
    [one] 1 password sign-in
   *[other] { $sign_ins } password sign-ins
} in the last 30 days.
admin-js-prompts = "Switch to passwordless sign-in?" asked { $shown ->
    [one] 1 time
   *[other] { $shown } times
}: { $accepted } saved a passkey; { $automatic ->
    [one] 1 passkey
   *[other] { $automatic } passkeys
} saved automatically by a password manager; "Disable password?" asked { $disable ->
    [one] 1 time
   *[other] { $disable } times
}; { $put_off ->
    [one] 1 prompt
   *[other] { $put_off } prompts
} put off.
admin-js-pending = { $when }: { $reason }, verified by { $verification }
admin-js-approve = Approve
admin-js-issued = Recovery link issued; it works until { $until } UTC.
admin-js-issued-cooling = Recovery link issued; it works from { $from } UTC, after the cooling-off, until { $until } UTC.
admin-js-notified = { $count ->
    [one] 1 confirmed address notified.
   *[other] { $count } confirmed addresses notified.
} Copy it now: it is not shown again.
admin-js-needs-approval = This account needs a second person's approval: the link exists once a key of another person approves the request.
admin-js-registered = { $app } is registered.
