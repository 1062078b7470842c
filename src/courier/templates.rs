//! Email templates: subject, plain text and HTML per message, embedded, each replaceable by a
//! file of the same name in `courier.template_override_path`.

use std::path::Path;

use std::sync::Arc;

use minijinja::Environment;
use serde::Serialize;

use crate::error::Error;
use crate::i18n::Catalog;

/// The messages latchkey sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTemplate {
    /// Sign-in code and magic link for a verified address.
    LoginCode,
    /// Sent instead when the address may not sign in (unknown or unverified): offers sign-up.
    LoginUnavailable,
    /// Address confirmation code and link.
    VerifyAddress,
    /// Sign-up code: proves the address before the account exists.
    SignUpCode,
    /// Sent instead when the address already belongs to an account: offers sign-in.
    SignUpExists,
    /// Notice: a new set of backup codes replaced the old one.
    BackupCodesCreated,
    /// Notice: the account's legacy password was turned off.
    PasswordDisabled,
    /// Notice: a backup code signed in.
    BackupCodeUsed,
    /// Notice: support issued a recovery link, with "This wasn't me" to cancel it.
    RecoveryIssued,
    /// Notice: a recovery link was used.
    RecoveryUsed,
    /// Notice: a passkey was saved from an email session of a high-value identity, with "This
    /// wasn't me".
    PasskeyAddedFromEmail,
    /// Notice: wrong codes for the account reached the try limit; further tries wait.
    SignInSlowed,
}

impl MailTemplate {
    pub fn name(self) -> &'static str {
        match self {
            Self::LoginCode => "login_code",
            Self::LoginUnavailable => "login_unavailable",
            Self::VerifyAddress => "verify_address",
            Self::SignUpCode => "sign_up_code",
            Self::SignUpExists => "sign_up_exists",
            Self::BackupCodesCreated => "backup_codes_created",
            Self::PasswordDisabled => "password_disabled",
            Self::BackupCodeUsed => "backup_code_used",
            Self::RecoveryIssued => "recovery_issued",
            Self::RecoveryUsed => "recovery_used",
            Self::PasskeyAddedFromEmail => "passkey_added_from_email",
            Self::SignInSlowed => "sign_in_slowed",
        }
    }
}

const EMBEDDED: &[(&str, &str)] = &[
    (
        "password_disabled.subject.txt",
        include_str!("templates/password_disabled.subject.txt"),
    ),
    (
        "password_disabled.body.txt",
        include_str!("templates/password_disabled.body.txt"),
    ),
    (
        "password_disabled.body.html",
        include_str!("templates/password_disabled.body.html"),
    ),
    (
        "sign_in_slowed.subject.txt",
        include_str!("templates/sign_in_slowed.subject.txt"),
    ),
    (
        "sign_in_slowed.body.txt",
        include_str!("templates/sign_in_slowed.body.txt"),
    ),
    (
        "sign_in_slowed.body.html",
        include_str!("templates/sign_in_slowed.body.html"),
    ),
    (
        "login_code.subject.txt",
        include_str!("templates/login_code.subject.txt"),
    ),
    ("login_code.body.txt", include_str!("templates/login_code.body.txt")),
    ("login_code.body.html", include_str!("templates/login_code.body.html")),
    (
        "login_unavailable.subject.txt",
        include_str!("templates/login_unavailable.subject.txt"),
    ),
    (
        "login_unavailable.body.txt",
        include_str!("templates/login_unavailable.body.txt"),
    ),
    (
        "login_unavailable.body.html",
        include_str!("templates/login_unavailable.body.html"),
    ),
    (
        "verify_address.subject.txt",
        include_str!("templates/verify_address.subject.txt"),
    ),
    (
        "verify_address.body.txt",
        include_str!("templates/verify_address.body.txt"),
    ),
    (
        "verify_address.body.html",
        include_str!("templates/verify_address.body.html"),
    ),
    (
        "sign_up_code.subject.txt",
        include_str!("templates/sign_up_code.subject.txt"),
    ),
    ("sign_up_code.body.txt", include_str!("templates/sign_up_code.body.txt")),
    (
        "sign_up_code.body.html",
        include_str!("templates/sign_up_code.body.html"),
    ),
    (
        "sign_up_exists.subject.txt",
        include_str!("templates/sign_up_exists.subject.txt"),
    ),
    (
        "sign_up_exists.body.txt",
        include_str!("templates/sign_up_exists.body.txt"),
    ),
    (
        "sign_up_exists.body.html",
        include_str!("templates/sign_up_exists.body.html"),
    ),
    (
        "backup_codes_created.subject.txt",
        include_str!("templates/backup_codes_created.subject.txt"),
    ),
    (
        "backup_codes_created.body.txt",
        include_str!("templates/backup_codes_created.body.txt"),
    ),
    (
        "backup_codes_created.body.html",
        include_str!("templates/backup_codes_created.body.html"),
    ),
    (
        "backup_code_used.subject.txt",
        include_str!("templates/backup_code_used.subject.txt"),
    ),
    (
        "backup_code_used.body.txt",
        include_str!("templates/backup_code_used.body.txt"),
    ),
    (
        "backup_code_used.body.html",
        include_str!("templates/backup_code_used.body.html"),
    ),
    (
        "recovery_issued.subject.txt",
        include_str!("templates/recovery_issued.subject.txt"),
    ),
    (
        "recovery_issued.body.txt",
        include_str!("templates/recovery_issued.body.txt"),
    ),
    (
        "recovery_issued.body.html",
        include_str!("templates/recovery_issued.body.html"),
    ),
    (
        "recovery_used.subject.txt",
        include_str!("templates/recovery_used.subject.txt"),
    ),
    (
        "recovery_used.body.txt",
        include_str!("templates/recovery_used.body.txt"),
    ),
    (
        "recovery_used.body.html",
        include_str!("templates/recovery_used.body.html"),
    ),
    (
        "passkey_added_from_email.subject.txt",
        include_str!("templates/passkey_added_from_email.subject.txt"),
    ),
    (
        "passkey_added_from_email.body.txt",
        include_str!("templates/passkey_added_from_email.body.txt"),
    ),
    (
        "passkey_added_from_email.body.html",
        include_str!("templates/passkey_added_from_email.body.html"),
    ),
];

pub(super) struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub(super) struct MailTemplates {
    env: Environment<'static>,
    catalog: Arc<Catalog>,
}

impl MailTemplates {
    /// Loads the embedded templates, replacing each with `override_dir/<name>` when that exists.
    /// Templates are compiled here, at start, so a broken override stops the server with its name.
    pub(super) fn new(override_dir: Option<&Path>, catalog: Arc<Catalog>) -> Result<Self, Error> {
        let mut env = Environment::new();
        crate::ui::add_translation(&mut env, catalog.clone());
        crate::ui::add_templates(&mut env, EMBEDDED.iter().copied(), override_dir, "email template")?;
        Ok(Self { env, catalog })
    }

    /// Renders the three parts of `template` in the language tagged `lang`.
    pub(super) fn render(
        &self,
        template: MailTemplate,
        lang: &str,
        context: &impl Serialize,
    ) -> Result<Rendered, Error> {
        let dir = self
            .catalog
            .find(lang)
            .map_or("ltr", |language| self.catalog.direction(language));
        let context = minijinja::context! {
            lang => lang,
            dir => dir,
            ..minijinja::Value::from(minijinja::value::Serde(context))
        };
        let part = |suffix: &str| {
            let name = format!("{}.{suffix}", template.name());
            self.env
                .get_template(&name)
                .and_then(|t| t.render(&context))
                .map_err(|e| Error::Internal(format!("render email {name}: {e}")))
        };
        Ok(Rendered {
            subject: part("subject.txt")?.trim().to_owned(),
            text: part("body.txt")?,
            html: part("body.html")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY: [MailTemplate; 12] = [
        MailTemplate::LoginCode,
        MailTemplate::LoginUnavailable,
        MailTemplate::VerifyAddress,
        MailTemplate::SignUpCode,
        MailTemplate::SignUpExists,
        MailTemplate::BackupCodesCreated,
        MailTemplate::PasswordDisabled,
        MailTemplate::BackupCodeUsed,
        MailTemplate::RecoveryIssued,
        MailTemplate::RecoveryUsed,
        MailTemplate::PasskeyAddedFromEmail,
        MailTemplate::SignInSlowed,
    ];

    /// Every value any message's context carries.
    fn context() -> serde_json::Value {
        serde_json::json!({
            "product": "Acme", "code": "246810", "link": "https://id.example/ui/login/link#token=T",
            "lifespan_seconds": 900, "device": "Firefox on Linux", "requested_at": "2026-11-30 12:00 UTC",
            "registration_url": "https://id.example/ui/registration", "login_url": "https://id.example/ui/login",
            "remaining": 3, "name": "Laptop", "way": "code", "cooldown_seconds": 86400,
            "disown_link": "https://id.example/ui/passkey/disown#token=D", "issued_at": "2026-11-30 12:00",
            "usable_from": "2026-11-30 13:00", "expires_at": "2026-12-01 12:00",
            "cancel_link": "https://id.example/ui/recovery/cancel#token=C", "tries": 10,
        })
    }

    #[test]
    fn every_email_reads_whole_in_every_language() {
        let catalog = Arc::new(Catalog::load(None, "en").unwrap());
        let templates = MailTemplates::new(None, catalog.clone()).unwrap();
        for tag in catalog.languages().map(|language| catalog.tag(language)) {
            for template in EVERY {
                let mail = templates.render(template, tag, &context()).unwrap();
                for (part, text) in [("subject", &mail.subject), ("text", &mail.text), ("html", &mail.html)] {
                    let place = format!("{} {part} in {tag}", template.name());
                    assert!(!text.contains("{$") && !text.contains("email-"), "{place}: {text}");
                    assert!(
                        !text.contains("way-in-") && !text.contains("duration"),
                        "{place}: {text}"
                    );
                }
                assert!(mail.html.contains(&format!("lang=\"{tag}\"")), "{}", mail.html);
            }
        }
        let german = templates.render(MailTemplate::LoginCode, "de", &context()).unwrap();
        assert!(
            german.subject.contains("246810") && german.text.contains("15 Minuten"),
            "{}",
            german.text
        );
        assert!(
            german.text.lines().any(|l| l.trim() == "246810"),
            "the code stands on its own line"
        );
    }
}
