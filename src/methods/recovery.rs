//! Fallback 2: a one-time recovery link that support issues after verifying the person out of
//! band, for someone who lost their passkeys and cannot reach their email.
//!
//! # Security
//! Help-desk recovery is the favourite door of account-takeover attackers (the 2023 MGM intrusion
//! began with a call to the service desk), so this is the most controlled path in the product:
//! - Every request says why and how the person was verified; both go to the audit trail with the
//!   key that asked (and the key that approved).
//! - A `support` key may recover `standard` accounts only; `high_value` accounts (or accounts
//!   lowered from `high_value` within the last week) need an `admin` key and, by default, the
//!   approval of a second person's key before the link exists (two-person rule; `policy::decide`
//!   holds these rules). A request dies with the key that made it.
//! - A newer link cancels every older open one; completing a recovery cancels them all.
//! - An optional cooling-off delay lets the real owner cancel before the link works.
//! - The link and its "This wasn't me" companion are 256-bit random tokens, stored as SHA-256;
//!   the admin sees the link once and never any credential of the user. Using it is one atomic
//!   UPDATE: it works once, whatever races it.
//! - Issue and use are announced on every confirmed address, with a one-click cancel while the
//!   link is unused.
//! - The session it makes can do nothing but save a new passkey ([`crate::policy::enrolment_only`]);
//!   the existing passkeys stay until then. Saving it completes the recovery in the auth core
//!   (`auth::AuthCore::save_passkey`), which ends the other sessions.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use url::Url;
use uuid::Uuid;

use crate::admin::keys::AdminKey;
use crate::audit::{Action, Actor, Audit, Event, Origin};
use crate::auth::permit;
use crate::clock::Clock;
use crate::clock::{rfc3339, to_the_minute};
use crate::config::{PolicyConfig, RecoveryConfig};
use crate::courier::{Courier, MailTemplate, Requester};
use crate::domain::{Identity, IdentityState, RecoveryLink, RecoveryStatus};
use crate::error::Error;
use crate::policy::{self, AdminFacts, Decision, Denial, Facts};
use crate::secret::{Secret, link_with_token};
use crate::store::{LinkHashes, Store};
use crate::telemetry::{Step, Telemetry};

/// Free text (the `other` reason, notes) is kept to this many characters.
const MAX_TEXT: usize = 500;

/// Why support issues a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    PasskeyLostNoEmail,
    EmailCompromised,
    Other,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Self::PasskeyLostNoEmail => "passkey_lost_no_email",
            Self::EmailCompromised => "email_compromised",
            Self::Other => "other",
        }
    }
}

/// How support verified the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    CallbackKnownPhone,
    VideoCall,
    IdDocument,
    Other,
}

impl Verification {
    fn as_str(self) -> &'static str {
        match self {
            Self::CallbackKnownPhone => "callback_known_phone",
            Self::VideoCall => "video_call",
            Self::IdDocument => "id_document",
            Self::Other => "other",
        }
    }
}

/// What is recorded when a caller that cannot send a reason is let through.
pub const UNSPECIFIED: &str = "unspecified";

/// A request for a link, as the admin API receives it.
#[derive(Debug, Clone)]
pub struct LinkRequest {
    pub identity_id: Uuid,
    pub expires_in: Option<Duration>,
    pub reason: Option<Reason>,
    pub reason_text: Option<String>,
    pub verification: Option<Verification>,
    pub verification_text: Option<String>,
}

/// A link that exists, with its URL (shown once, to the key that made it exist).
#[derive(Debug, Clone)]
pub struct IssuedLink {
    pub link: RecoveryLink,
    pub url: String,
    /// Confirmed addresses the notice went to.
    pub notified: usize,
}

/// What a request led to.
#[derive(Debug, Clone)]
pub enum Requested {
    Issued(IssuedLink),
    /// A key of another person must approve it first.
    PendingApproval(RecoveryLink),
}

pub struct RecoverySettings {
    pub config: RecoveryConfig,
    pub policy: PolicyConfig,
    pub base_url: Url,
    pub product: String,
}

pub struct RecoveryMethod {
    store: Store,
    clock: Arc<dyn Clock>,
    courier: Arc<Courier>,
    audit: Arc<Audit>,
    telemetry: Arc<Telemetry>,
    settings: RecoverySettings,
}

#[derive(Serialize)]
struct IssuedContext<'a> {
    product: &'a str,
    issued_at: String,
    usable_from: String,
    expires_at: String,
    cancel_link: String,
}

#[derive(Serialize)]
struct UsedContext<'a> {
    product: &'a str,
    #[serde(flatten)]
    requester: Requester,
}

impl RecoveryMethod {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        courier: Arc<Courier>,
        audit: Arc<Audit>,
        telemetry: Arc<Telemetry>,
        settings: RecoverySettings,
    ) -> Self {
        Self {
            store,
            clock,
            courier,
            audit,
            telemetry,
            settings,
        }
    }

    /// Asks for a link. Issued at once, or left pending when the two-person rule applies.
    pub async fn request(&self, by: &AdminKey, origin: &Origin, request: LinkRequest) -> Result<Requested, Error> {
        let (reason, reason_text) = self.reason(&request)?;
        let (verification, verification_text) = self.verification(&request)?;
        let lifespan = self.lifespan(request.expires_in)?;
        let identity = self.recoverable(request.identity_id).await?;
        let facts = self.facts(by, &identity);
        permit(&facts, &policy::Action::RequestRecovery)?;
        self.count(Step::RecoveryRequested, &identity, "");
        let now = self.clock.now();
        let mut link = RecoveryLink {
            id: Uuid::new_v4(),
            identity_id: identity.id,
            status: RecoveryStatus::PendingApproval,
            requested_by: by.id,
            approved_by: None,
            reason,
            reason_text,
            verification,
            verification_text,
            lifespan,
            created_at: now,
            issued_at: None,
            usable_from: None,
            expires_at: None,
            ended_at: None,
        };
        self.audit
            .record(
                Event::new(by.actor(), Action::RecoveryRequested, Some(identity.id))
                    .reason(link.reason.clone())
                    .details(request_details(&link))
                    .from(origin),
            )
            .await?;
        if let Decision::Deny(Denial::ApprovalRequired) = policy::decide(&facts, &policy::Action::IssueRecoveryAlone) {
            self.store.insert_recovery_link(&link, None).await?;
            self.cancel_others(&identity, link.id, origin).await?;
            return Ok(Requested::PendingApproval(link));
        }
        permit(&facts, &policy::Action::IssueRecoveryAlone)?;
        let secrets = LinkSecrets::generate()?;
        link.status = RecoveryStatus::Issued;
        link.issued_at = Some(now);
        link.usable_from = Some(now + self.settings.config.cooling_off);
        link.expires_at = Some(now + lifespan);
        self.store.insert_recovery_link(&link, Some(&secrets.hashes())).await?;
        self.cancel_others(&identity, link.id, origin).await?;
        self.issued(by, origin, &identity, link, &secrets)
            .await
            .map(Requested::Issued)
    }

    /// Approves a pending request with a key of another person; the link exists from now on.
    pub async fn approve(&self, by: &AdminKey, origin: &Origin, id: Uuid) -> Result<IssuedLink, Error> {
        let pending = self.store.recovery_link(id).await?.ok_or(Error::NotFound)?;
        if pending.status != RecoveryStatus::PendingApproval {
            return Err(Error::RecoveryNotPending);
        }
        let requester = self
            .store
            .admin_key(pending.requested_by)
            .await?
            .ok_or_else(|| Error::Internal("a recovery request names no key".into()))?;
        let identity = self.recoverable(pending.identity_id).await?;
        permit(
            &self.facts(by, &identity),
            &policy::Action::ApproveRecovery {
                requester: requester.owner,
                requester_revoked: requester.revoked_at.is_some(),
            },
        )?;
        let secrets = LinkSecrets::generate()?;
        let link = self
            .store
            .approve_recovery_link(
                id,
                by.id,
                &secrets.hashes(),
                self.clock.now(),
                self.settings.config.cooling_off,
            )
            .await?
            .ok_or(Error::RecoveryNotPending)?;
        self.count(Step::RecoveryApproved, &identity, "");
        self.audit
            .record(
                Event::new(by.actor(), Action::RecoveryApproved, Some(identity.id))
                    .reason(link.reason.clone())
                    .details(request_details(&link))
                    .from(origin),
            )
            .await?;
        self.issued(by, origin, &identity, link, &secrets).await
    }

    /// Requests waiting for a second person's approval.
    pub async fn pending(&self) -> Result<Vec<RecoveryLink>, Error> {
        self.store.pending_recovery_links().await
    }

    /// An identity's links, newest first (for support; never a token).
    pub async fn links_of(&self, identity_id: Uuid) -> Result<Vec<RecoveryLink>, Error> {
        self.store.recovery_links_of(identity_id).await
    }

    /// Uses a link: once, after its cooling-off, before it expires. Returns the identity to sign
    /// into an enrolment-only session.
    pub async fn use_link(&self, token: &str, origin: &Origin) -> Result<Identity, Error> {
        let hash = Secret::from_client(token).hash();
        let now = self.clock.now();
        let Some(link) = self.store.use_recovery_link(&hash, now).await? else {
            return Err(self.why_unusable(&hash, now).await?);
        };
        let identity = self
            .store
            .identity(link.identity_id)
            .await?
            .ok_or(Error::RecoveryLinkInvalid)?;
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        self.audit
            .record(
                Event::by_identity(identity.id, Action::RecoveryUsed)
                    .details(serde_json::json!({ "link_id": link.id }))
                    .from(origin),
            )
            .await?;
        let context = UsedContext {
            product: &self.settings.product,
            requester: Requester::new(origin.user_agent_or_empty(), now),
        };
        self.notify(&identity, MailTemplate::RecoveryUsed, &context).await?;
        Ok(identity)
    }

    /// "This wasn't me": cancels the unused link the notice's cancel token names.
    pub async fn cancel(&self, cancel_token: &str, origin: &Origin) -> Result<(), Error> {
        let hash = Secret::from_client(cancel_token).hash();
        let link = self
            .store
            .cancel_recovery_link(&hash, self.clock.now())
            .await?
            .ok_or(Error::RecoveryLinkInvalid)?;
        self.telemetry
            .funnel
            .record(Step::RecoveryCancelled, None, "this_wasnt_me");
        self.audit
            .record(
                Event::by_identity(link.identity_id, Action::RecoveryCancelled)
                    .details(serde_json::json!({ "link_id": link.id }))
                    .from(origin),
            )
            .await?;
        Ok(())
    }

    /// Marks links past their expiry, and requests nobody else approved within the longest
    /// link lifespan, as expired, each audited. For the periodic sweep.
    pub async fn expire_due(&self) -> Result<usize, Error> {
        let expired = self
            .store
            .expire_recovery_links(self.clock.now(), self.settings.config.max_link_lifespan)
            .await?;
        for link in &expired {
            self.audit
                .record(
                    Event::new(
                        Actor::System { name: "expiry".into() },
                        Action::RecoveryExpired,
                        Some(link.identity_id),
                    )
                    .details(serde_json::json!({ "link_id": link.id })),
                )
                .await?;
        }
        Ok(expired.len())
    }

    async fn issued(
        &self,
        by: &AdminKey,
        origin: &Origin,
        identity: &Identity,
        link: RecoveryLink,
        secrets: &LinkSecrets,
    ) -> Result<IssuedLink, Error> {
        self.count(Step::RecoveryIssued, identity, "");
        self.audit
            .record(
                Event::new(by.actor(), Action::RecoveryIssued, Some(identity.id))
                    .reason(link.reason.clone())
                    .details(serde_json::json!({
                        "link_id": link.id,
                        "usable_from": link.usable_from.map(rfc3339),
                        "expires_at": link.expires_at.map(rfc3339),
                    }))
                    .from(origin),
            )
            .await?;
        let context = IssuedContext {
            product: &self.settings.product,
            issued_at: link.issued_at.map(to_the_minute).unwrap_or_default(),
            usable_from: link.usable_from.map(to_the_minute).unwrap_or_default(),
            expires_at: link.expires_at.map(to_the_minute).unwrap_or_default(),
            cancel_link: link_with_token(&self.settings.base_url, "ui/recovery/cancel", &secrets.cancel),
        };
        let notified = self.notify(identity, MailTemplate::RecoveryIssued, &context).await?;
        Ok(IssuedLink {
            url: link_with_token(&self.settings.base_url, "ui/recovery", &secrets.token),
            link,
            notified,
        })
    }

    /// Sends a notice to every confirmed address of the identity; returns how many.
    async fn notify(
        &self,
        identity: &Identity,
        template: MailTemplate,
        context: &impl Serialize,
    ) -> Result<usize, Error> {
        // Worth delivering for as long as the longest link could live.
        let expires_at = self.clock.now() + self.settings.config.max_link_lifespan;
        self.courier
            .notify_confirmed(identity.id, template, context, expires_at)
            .await
    }

    async fn why_unusable(&self, hash: &crate::secret::TokenHash, now: OffsetDateTime) -> Result<Error, Error> {
        let link = self.store.recovery_link_by_token(hash).await?;
        Ok(match link {
            Some(RecoveryLink {
                status: RecoveryStatus::Issued,
                usable_from: Some(from),
                expires_at: Some(until),
                ..
            }) if now < from && now < until => Error::RecoveryLinkNotYetValid {
                usable_from: format!("{} UTC", to_the_minute(from)),
            },
            _ => Error::RecoveryLinkInvalid,
        })
    }

    /// What policy needs to know about a key acting on an identity.
    fn facts(&self, by: &AdminKey, identity: &Identity) -> Facts {
        Facts::Admin(AdminFacts {
            role: by.role,
            person: by.owner.clone(),
            recovery_tier: policy::recovery_tier(identity, &self.settings.policy, self.clock.now()),
            approval: self.settings.config.require_approval,
        })
    }

    /// Counts a funnel step under the tier recovery follows for `identity`.
    fn count(&self, step: Step, identity: &Identity, cause: &'static str) {
        let tier = policy::recovery_tier(identity, &self.settings.policy, self.clock.now());
        self.telemetry.funnel.record(step, Some(tier), cause);
    }

    /// A newer link (or request) leaves no older one of the identity open.
    async fn cancel_others(&self, identity: &Identity, newer: Uuid, origin: &Origin) -> Result<(), Error> {
        for link in self
            .store
            .cancel_open_links(identity.id, Some(newer), self.clock.now())
            .await?
        {
            self.count(Step::RecoveryCancelled, identity, "newer_link");
            self.audit
                .record(
                    Event::by_identity(identity.id, Action::RecoveryCancelled)
                        .reason("a newer link was requested")
                        .details(serde_json::json!({ "link_id": link.id, "newer_link_id": newer }))
                        .from(origin),
                )
                .await?;
        }
        Ok(())
    }

    async fn recoverable(&self, identity_id: Uuid) -> Result<Identity, Error> {
        let identity = self.store.identity(identity_id).await?.ok_or(Error::NotFound)?;
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        Ok(identity)
    }

    fn reason(&self, request: &LinkRequest) -> Result<(String, Option<String>), Error> {
        let choice = request.reason.map(|r| (r.as_str(), r == Reason::Other));
        self.described("reason", choice, request.reason_text.as_deref())
    }

    fn verification(&self, request: &LinkRequest) -> Result<(String, Option<String>), Error> {
        let choice = request.verification.map(|v| (v.as_str(), v == Verification::Other));
        self.described("verification", choice, request.verification_text.as_deref())
    }

    /// A choice from a list (`other` needs words in `<name>_text`), or `unspecified` where the
    /// operator lets callers without one through.
    fn described(
        &self,
        name: &str,
        choice: Option<(&str, bool)>,
        text: Option<&str>,
    ) -> Result<(String, Option<String>), Error> {
        let text = free_text(&format!("{name}_text"), text)?;
        match choice {
            Some((_, true)) if text.is_none() => Err(Error::InvalidRequest(format!(
                "{name} `other` needs {name}_text saying what it was."
            ))),
            Some((choice, _)) => Ok((choice.to_owned(), text)),
            None if self.settings.config.require_reason => Err(Error::RecoveryReasonRequired),
            None => Ok((UNSPECIFIED.to_owned(), text)),
        }
    }

    fn lifespan(&self, expires_in: Option<Duration>) -> Result<Duration, Error> {
        let max = self.settings.config.max_link_lifespan;
        let cooling_off = self.settings.config.cooling_off;
        match expires_in {
            None => Ok(self.settings.config.default_link_lifespan),
            // A link that expired before its cooling-off ends would never work.
            Some(asked) if asked > cooling_off && asked > Duration::ZERO && asked <= max => Ok(asked),
            Some(_) => Err(Error::InvalidRequest(format!(
                "expires_in must be longer than the cooling-off ({}, recovery.cooling_off) and at most {} (recovery.max_link_lifespan).",
                crate::config::duration::format(cooling_off),
                crate::config::duration::format(max)
            ))),
        }
    }
}

/// A link's two secrets: the link itself and its "This wasn't me" companion.
struct LinkSecrets {
    token: Secret,
    cancel: Secret,
}

impl LinkSecrets {
    fn generate() -> Result<Self, Error> {
        Ok(Self {
            token: Secret::generate()?,
            cancel: Secret::generate()?,
        })
    }

    fn hashes(&self) -> LinkHashes {
        LinkHashes {
            token: self.token.hash(),
            cancel: self.cancel.hash(),
        }
    }
}

fn free_text(name: &str, text: Option<&str>) -> Result<Option<String>, Error> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if t.chars().count() > MAX_TEXT || t.chars().any(|c| c.is_control() && c != '\n') => Err(
            Error::InvalidRequest(format!("{name} is at most {MAX_TEXT} characters of plain text.")),
        ),
        other => Ok(other.map(str::to_owned)),
    }
}

fn request_details(link: &RecoveryLink) -> serde_json::Value {
    serde_json::json!({
        "link_id": link.id,
        "reason_text": link.reason_text,
        "verification": link.verification,
        "verification_text": link.verification_text,
        "expires_in_seconds": link.lifespan.whole_seconds(),
    })
}
