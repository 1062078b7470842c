//! Email one-time code and magic link: fallback 1, and how an address is proven at sign-up.
//!
//! One message carries a 6-digit code and a link; both belong to one [`EmailGrant`], so using
//! either consumes both.
//!
//! # Security
//! - Code and link token come from the OS CSPRNG. The code is stored as an Argon2id hash
//!   ([`SlowHasher`]: a 6-digit code hashed fast would fall to a database reader in a second); the
//!   256-bit link token as SHA-256. Neither is ever logged.
//! - Single use: a successful code or link deletes the grant; whoever deletes it wins, so parallel
//!   tries yield one session. Each code entry is counted *before* the code is checked, atomically,
//!   so at most [`MAX_CODE_ATTEMPTS`] guesses are ever checked per grant; the last wrong one kills it.
//!   Each entry also counts against the identity's fallback try limit shared with backup codes
//!   (`try_limit`), so asking for new codes does not buy unlimited guesses.
//! - A code is bound to its flow (the grant id) and the browser that asked (CSRF token), and to
//!   the address it went to (ASVS 6.6.2). A link works in any browser: it carries 256 bits.
//! - No enumeration: every request, for an address that may sign in or not, takes the same steps
//!   (rate limit, lookup, one Argon2 hash, one transaction writing a grant and a message) and
//!   answers the same. Addresses that may not sign in (unknown, unverified) get a message saying
//!   so, with a sign-up link, and a grant nobody holds the code of.
//! - Only a verified address is a way in.
//! - A session from here is `aal1` with method `code` (see `policy`).

use std::sync::Arc;

use serde::Serialize;
use time::{Duration, OffsetDateTime};
use url::Url;
use uuid::Uuid;

use crate::audit::Audit;
use crate::clock::Clock;
use crate::config::CodeLimits;
use crate::courier::{Courier, MailTemplate, Requester};
use crate::domain::{EmailGrant, GrantPurpose, Identity, IdentityState};
use crate::error::{Error, Invalid};
use crate::methods::Starter;
use crate::methods::passkey::normalise_email;
use crate::secret::{Secret, TokenHash, digest_hex, link_with_token, random_bytes};
use crate::slow_hash::SlowHasher;
use crate::store::Store;
use crate::try_limit;

/// Code entries per grant, right or wrong; the fifth wrong one kills the grant.
pub const MAX_CODE_ATTEMPTS: u32 = 5;
/// Digits in a code: 10^6 codes, 5 tries per grant, so one grant falls to a guesser with
/// probability 5 in a million, and sending is rate limited.
pub const CODE_DIGITS: u32 = 6;

/// Email codes and links.
pub struct EmailCodeMethod {
    store: Store,
    clock: Arc<dyn Clock>,
    courier: Arc<Courier>,
    hasher: Arc<SlowHasher>,
    audit: Arc<Audit>,
    settings: CodeSettings,
}

/// What the configuration decides about codes.
#[derive(Debug, Clone)]
pub struct CodeSettings {
    pub enabled: bool,
    pub lifespan: Duration,
    pub limits: CodeLimits,
    /// Links are built from this, never from a request's Host header.
    pub base_url: Url,
    /// Named in every message.
    pub product: String,
}

/// A request to send a code.
#[derive(Debug)]
pub struct CodeRequest<'a> {
    pub email: &'a str,
    pub starter: Starter<'a>,
    /// The client's address, for the per-client send limit.
    pub client_ip: &'a str,
    pub user_agent: &'a str,
    /// An allow-listed target for after sign-in, kept with the grant for the link.
    pub return_to: Option<String>,
    /// A flow of the same client asking again: its grant is replaced.
    pub replaces: Option<Uuid>,
}

/// What the requester learns: the same for every address.
#[derive(Debug, Clone, Copy)]
pub struct SentGrant {
    pub flow_id: Uuid,
    pub expires_at: OffsetDateTime,
}

/// A completed email sign-in.
#[derive(Debug)]
pub struct EmailSignIn {
    pub identity: Identity,
    pub return_to: Option<String>,
}

/// An address just confirmed, and whose it is.
#[derive(Debug)]
pub struct ConfirmedAddress {
    pub identity_id: Uuid,
    pub address: String,
}

/// The code and link token of a new grant, before hashing.
struct GrantSecrets {
    code: String,
    code_hash: String,
    link_token: Secret,
}

#[derive(Serialize)]
struct MessageContext<'a> {
    product: &'a str,
    code: &'a str,
    link: &'a str,
    /// How long the code works; the template says it in the reader's language.
    lifespan_seconds: i64,
    #[serde(flatten)]
    requester: Requester,
    registration_url: String,
    login_url: String,
}

impl EmailCodeMethod {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        courier: Arc<Courier>,
        hasher: Arc<SlowHasher>,
        audit: Arc<Audit>,
        settings: CodeSettings,
    ) -> Self {
        Self {
            store,
            clock,
            courier,
            hasher,
            audit,
            settings,
        }
    }

    /// Sends a sign-in code and link to `request.email` when it is a verified address of an
    /// account; otherwise a message saying it cannot sign in. Answers the same either way.
    pub async fn send_sign_in_code(&self, request: CodeRequest<'_>) -> Result<SentGrant, Error> {
        self.require_enabled()?;
        let address = deliverable_address(request.email)?;
        self.take_send_slots(&address, request.client_ip).await?;
        let signer = match self.store.address_by_value(&address).await? {
            Some(found) if found.verified => Some(found.identity_id),
            _ => None,
        };
        let template = match signer {
            Some(_) => MailTemplate::LoginCode,
            None => MailTemplate::LoginUnavailable,
        };
        self.issue(GrantPurpose::SignIn, template, address, signer, &request)
            .await
    }

    /// Sends a sign-up code to a new address; to an address an account already uses, a message
    /// offering sign-in instead. Answers the same either way, after the same work, so sign-up
    /// tells nobody which addresses have accounts, and nobody can create an account with an
    /// address they cannot read.
    ///
    /// # Security
    /// Sign-up proves the address whether or not email sign-in (`selfservice.methods.code`) is
    /// on: an account made without the proof would either answer `identity_exists` for a taken
    /// address (enumeration) or let a stranger claim someone else's address unconfirmed.
    pub async fn send_sign_up_code(&self, request: CodeRequest<'_>) -> Result<SentGrant, Error> {
        let address = deliverable_address(request.email)?;
        self.take_send_slots(&address, request.client_ip).await?;
        let template = if self.store.address_in_use(&address).await? {
            MailTemplate::SignUpExists
        } else {
            MailTemplate::SignUpCode
        };
        self.issue(GrantPurpose::SignUp, template, address, None, &request)
            .await
    }

    /// Checks a sign-up code; returns the address it proves.
    pub async fn prove_sign_up(&self, flow_id: Uuid, code: &str, finisher: Starter<'_>) -> Result<String, Error> {
        let grant = self
            .redeem_code(flow_id, code, None, GrantPurpose::SignUp, finisher)
            .await?;
        Ok(grant.address)
    }

    /// Signs in with the code of flow `flow_id`, entered by `finisher` (the browser that asked).
    /// `email`, when given, must be the address the code went to.
    pub async fn sign_in_with_code(
        &self,
        flow_id: Uuid,
        code: &str,
        email: Option<&str>,
        finisher: Starter<'_>,
    ) -> Result<EmailSignIn, Error> {
        self.require_enabled()?;
        let grant = self
            .redeem_code(flow_id, code, email, GrantPurpose::SignIn, finisher)
            .await?;
        self.signed_in(grant).await
    }

    /// Signs in with a magic link's token (from the confirm page's POST, never a GET).
    pub async fn sign_in_with_link(&self, token: &str) -> Result<EmailSignIn, Error> {
        self.require_enabled()?;
        let grant = self.take_link(token, GrantPurpose::SignIn).await?;
        self.signed_in(grant).await
    }

    /// The account a sign-in link would sign into, masked (`d***@bank.example`), without using
    /// the link: the confirm page names it and asks "Not you?".
    ///
    /// # Security
    /// Login CSRF with a link: an attacker who opens the victim's browser on the attacker's own
    /// link would sign that browser into the attacker's account, and what the victim then saves
    /// there is the attacker's. Naming the account before the button is pressed lets the person
    /// notice. Only a holder of the link learns the masked address, which the link's email
    /// already told them.
    pub async fn link_account(&self, token: &str) -> Result<String, Error> {
        self.require_enabled()?;
        let hash = Secret::from_client(token).hash();
        let grant = self
            .store
            .grant_by_link(&hash, GrantPurpose::SignIn)
            .await?
            .filter(|g| self.clock.now() < g.expires_at)
            .ok_or(Error::LinkInvalid)?;
        Ok(mask_address(&grant.address))
    }

    /// Sends a confirmation code and link to the identity's unconfirmed address.
    pub async fn send_verification(
        &self,
        identity: &Identity,
        request: CodeRequest<'_>,
        rate_limited: bool,
    ) -> Result<SentGrant, Error> {
        let address = self
            .store
            .addresses(identity.id)
            .await?
            .into_iter()
            .find(|a| !a.verified)
            .ok_or(Error::AddressAlreadyVerified)?;
        if rate_limited {
            self.take_send_slots(&address.value, request.client_ip).await?;
        }
        self.issue(
            GrantPurpose::VerifyAddress,
            MailTemplate::VerifyAddress,
            address.value,
            Some(identity.id),
            &request,
        )
        .await
    }

    /// Confirms the signed-in identity's address with the code of flow `flow_id`.
    pub async fn verify_with_code(
        &self,
        identity: &Identity,
        flow_id: Uuid,
        code: &str,
        finisher: Starter<'_>,
    ) -> Result<ConfirmedAddress, Error> {
        let grant = self
            .redeem_code(flow_id, code, None, GrantPurpose::VerifyAddress, finisher)
            .await?;
        if grant.identity_id != Some(identity.id) {
            return Err(Error::FlowMismatch);
        }
        self.mark_verified(&grant).await
    }

    /// Confirms an address with a link's token; the link proves the mailbox, no session needed.
    pub async fn verify_with_link(&self, token: &str) -> Result<ConfirmedAddress, Error> {
        let grant = self.take_link(token, GrantPurpose::VerifyAddress).await?;
        self.mark_verified(&grant).await
    }

    async fn issue(
        &self,
        purpose: GrantPurpose,
        template: MailTemplate,
        address: String,
        identity_id: Option<Uuid>,
        request: &CodeRequest<'_>,
    ) -> Result<SentGrant, Error> {
        let now = self.clock.now();
        let expires_at = now + self.settings.lifespan;
        let secrets = GrantSecrets::generate(&self.hasher).await?;
        // A sign-up continues with a passkey ceremony in the browser that started it, so its
        // message carries only the code and the grant's link token is never sent.
        let base = &self.settings.base_url;
        let link = match purpose {
            GrantPurpose::SignIn => link_with_token(base, "ui/login/link", &secrets.link_token),
            GrantPurpose::VerifyAddress => link_with_token(base, "ui/verification/link", &secrets.link_token),
            GrantPurpose::SignUp => self.url("ui/registration"),
        };
        let context = MessageContext {
            product: &self.settings.product,
            code: &secrets.code,
            link: &link,
            lifespan_seconds: self.settings.lifespan.whole_seconds(),
            requester: Requester::new(request.user_agent, now),
            registration_url: self.url("ui/registration"),
            login_url: self.url("ui/login"),
        };
        let message = self.courier.compose(template, &address, &context, expires_at)?;
        let (client, csrf_hash) = request.starter.binding();
        let grant = EmailGrant {
            id: Uuid::new_v4(),
            purpose,
            client,
            csrf_hash,
            address,
            identity_id,
            code_hash: secrets.code_hash,
            link_hash: secrets.link_token.hash().0.to_vec(),
            attempts: 0,
            return_to: request.return_to.clone(),
            created_at: now,
            expires_at,
        };
        self.store
            .insert_grant_with_message(&grant, request.replaces, &message)
            .await?;
        self.courier.wake();
        Ok(SentGrant {
            flow_id: grant.id,
            expires_at,
        })
    }

    /// Counts one code entry, checks it, and consumes the grant when it is right.
    async fn redeem_code(
        &self,
        flow_id: Uuid,
        code: &str,
        email: Option<&str>,
        purpose: GrantPurpose,
        finisher: Starter<'_>,
    ) -> Result<EmailGrant, Error> {
        let grant = self
            .store
            .reserve_code_attempt(flow_id, MAX_CODE_ATTEMPTS)
            .await?
            .ok_or(Error::CodeExpired)?;
        if grant.purpose != purpose {
            return Err(Error::FlowMismatch);
        }
        if !finisher.may_finish(grant.client, grant.csrf_hash.as_deref()) {
            return Err(Error::CsrfViolation);
        }
        if self.clock.now() >= grant.expires_at {
            self.store.consume_grant(grant.id).await?;
            return Err(Error::CodeExpired);
        }
        let tried = try_limit::tried_on(&self.store, &grant.address).await?;
        let login_url = link_with_path(&self.settings.base_url, "ui/login");
        let notice = try_limit::Notice {
            courier: &self.courier,
            product: &self.settings.product,
            login_url: &login_url,
        };
        try_limit::take_try(&self.store, &self.audit, &notice, tried, self.clock.now()).await?;
        let same_address = match email {
            Some(email) => normalise_email(email).is_ok_and(|e| e == grant.address),
            None => true,
        };
        let right = self.code_matches(code, &grant.code_hash).await? && same_address;
        if !right {
            if grant.attempts >= MAX_CODE_ATTEMPTS {
                self.store.consume_grant(grant.id).await?;
                return Err(Error::CodeAttemptsExhausted);
            }
            return Err(Error::CodeInvalid {
                tries_left: MAX_CODE_ATTEMPTS - grant.attempts,
            });
        }
        if !self.store.consume_grant(grant.id).await? {
            return Err(Error::CodeExpired);
        }
        Ok(grant)
    }

    async fn take_link(&self, token: &str, purpose: GrantPurpose) -> Result<EmailGrant, Error> {
        let presented = Secret::from_client(token).hash();
        let grant = self
            .store
            .take_grant_by_link(&presented, purpose)
            .await?
            .ok_or(Error::LinkInvalid)?;
        // Found through the index; compare the whole hash in constant time anyway.
        let stored = TokenHash::from_slice(&grant.link_hash);
        if !stored.is_some_and(|s| s.matches(&presented)) || self.clock.now() >= grant.expires_at {
            return Err(Error::LinkInvalid);
        }
        Ok(grant)
    }

    /// The identity a consumed sign-in grant signs in, if its address is still its verified one.
    async fn signed_in(&self, grant: EmailGrant) -> Result<EmailSignIn, Error> {
        let identity_id = grant.identity_id.ok_or(Error::CodeExpired)?;
        let address = self.store.address_by_value(&grant.address).await?;
        if !address.is_some_and(|a| a.verified && a.identity_id == identity_id) {
            return Err(Error::CodeExpired);
        }
        let identity = self.store.identity(identity_id).await?.ok_or(Error::CodeExpired)?;
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        Ok(EmailSignIn {
            identity,
            return_to: grant.return_to,
        })
    }

    async fn mark_verified(&self, grant: &EmailGrant) -> Result<ConfirmedAddress, Error> {
        let identity_id = grant.identity_id.ok_or(Error::LinkInvalid)?;
        if !self
            .store
            .mark_address_verified(identity_id, &grant.address, self.clock.now())
            .await?
        {
            return Err(Error::LinkInvalid);
        }
        Ok(ConfirmedAddress {
            identity_id,
            address: grant.address.clone(),
        })
    }

    /// Per-mailbox, per-identity and per-client send limits, counted in the store so they hold
    /// across replicas. The mailbox is hashed into the bucket name: the table needs no plaintext
    /// addresses.
    ///
    /// # Security
    /// The per-address limit counts the canonical mailbox ([`canonical_mailbox`]), not the
    /// literal address: `victim+1@`, `victim+2@`, ... all land in one inbox, so they share one
    /// budget (edge finding 6: 90 mails in one mailbox in seconds from three client addresses).
    async fn take_send_slots(&self, address: &str, client_ip: &str) -> Result<(), Error> {
        let now = self.clock.now();
        let limits = self.settings.limits;
        let mailbox_bucket = format!("code_send:mailbox:{}", digest_hex(&canonical_mailbox(address)));
        self.store
            .take_rate_slot(&mailbox_bucket, limits.per_address, limits.window, now)
            .await?;
        if let Some(held) = self.store.address_by_value(address).await? {
            let identity_bucket = format!("code_send:identity:{}", held.identity_id);
            self.store
                .take_rate_slot(&identity_bucket, limits.per_address, limits.window, now)
                .await?;
        }
        let client_bucket = format!("code_send:client:{client_ip}");
        self.store
            .take_rate_slot(&client_bucket, limits.per_client, limits.window, now)
            .await
            .map(drop)
    }

    /// Checks a typed code against its hash. Spaces and dashes people type between digit groups
    /// are ignored.
    async fn code_matches(&self, typed: &str, stored: &str) -> Result<bool, Error> {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        self.hasher.verify(&typed, stored).await
    }

    fn require_enabled(&self) -> Result<(), Error> {
        if self.settings.enabled {
            Ok(())
        } else {
            Err(Error::MethodDisabled)
        }
    }

    fn url(&self, path: &str) -> String {
        self.settings
            .base_url
            .join(path)
            .map(String::from)
            .unwrap_or_else(|_| format!("{}{path}", self.settings.base_url))
    }
}

impl GrantSecrets {
    async fn generate(hasher: &SlowHasher) -> Result<Self, Error> {
        let code = new_code()?;
        let link_token = Secret::generate()?;
        let code_hash = hasher.hash(&code).await?;
        Ok(Self {
            code,
            code_hash,
            link_token,
        })
    }
}

/// A uniformly random code of [`CODE_DIGITS`] digits (rejection sampling: no modulo bias).
pub fn new_code() -> Result<String, Error> {
    let modulus = 10_u32.pow(CODE_DIGITS);
    let limit = u32::MAX - u32::MAX % modulus;
    loop {
        let value = u32::from_le_bytes(random_bytes::<4>()?);
        if value < limit {
            return Ok(format!("{:0width$}", value % modulus, width = CODE_DIGITS as usize));
        }
    }
}

/// The normalised address, refused up front when SMTP could not carry it (the answer depends on
/// the spelling alone, so it tells nothing about accounts).
fn deliverable_address(raw: &str) -> Result<String, Error> {
    let address = normalise_email(raw)?;
    match address.parse::<lettre::Address>() {
        Ok(_) => Ok(address),
        Err(_) => Err(Error::InvalidInput(Invalid::EmailUndeliverable)),
    }
}

/// `base` with `path` (a page of this site), as a string for a message.
fn link_with_path(base: &url::Url, path: &str) -> String {
    base.join(path).map(String::from).unwrap_or_default()
}

/// The mailbox an address delivers to, for counting sends: lower case, without a `+tag` on the
/// local part (Gmail, Fastmail, Outlook and most hosts deliver `name+anything@` to `name@`), and
/// without a trailing dot on the domain. Only a key for limits: addresses are stored and mailed
/// as given.
pub(crate) fn canonical_mailbox(address: &str) -> String {
    let address = address.trim().to_lowercase();
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let local = local.split_once('+').map_or(local, |(name, _)| name);
            format!("{local}@{}", domain.trim_end_matches('.'))
        }
        None => address,
    }
}

/// `dana@bank.example` as `d***@bank.example`: enough to recognise one's own account, not to
/// read someone else's address over a shoulder.
pub(crate) fn mask_address(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn tags_case_and_a_trailing_dot_share_one_mailbox() {
        for variant in [
            "victim@example.com",
            "Victim@Example.COM",
            "victim+1@example.com",
            "VICTIM+news+x@example.com.",
            " victim@example.com ",
        ] {
            assert_eq!(canonical_mailbox(variant), "victim@example.com", "{variant:?}");
        }
        assert_eq!(canonical_mailbox("other@example.com"), "other@example.com");
        assert_eq!(canonical_mailbox("+@example.com"), "@example.com");
        assert_eq!(canonical_mailbox("no-at-sign"), "no-at-sign");
        // Found by the property test: only the local part has a tag.
        assert_eq!(canonical_mailbox("x@y.+"), "x@y.+");
    }

    #[test]
    fn a_masked_address_shows_the_first_letter_and_the_domain() {
        assert_eq!(mask_address("dana@bank.example"), "d***@bank.example");
        assert_eq!(mask_address("é@x.example"), "é***@x.example");
        assert_eq!(mask_address("nobody"), "***");
    }

    #[test]
    fn codes_are_six_digits_and_spread_evenly() {
        let mut first_digit = [0u32; 10];
        for _ in 0..20_000 {
            let code = new_code().unwrap();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
            first_digit[usize::from(code.as_bytes()[0] - b'0')] += 1;
        }
        // 2000 expected per digit; 6 standard deviations (~255) either side.
        for (digit, count) in first_digit.iter().enumerate() {
            assert!((1700..=2300).contains(count), "digit {digit} led {count} times");
        }
    }

    #[test]
    fn link_tokens_do_not_repeat() {
        let tokens: HashSet<String> = (0..100_000)
            .map(|_| Secret::generate().unwrap().expose().to_owned())
            .collect();
        assert_eq!(tokens.len(), 100_000);
    }

    #[test]
    fn addresses_mail_cannot_reach_are_refused_before_anything_is_sent() {
        assert_eq!(deliverable_address(" Ada@Example.com").unwrap(), "ada@example.com");
        assert!(deliverable_address("ada(comment)@example.com").is_err());
        assert!(deliverable_address("a\"b@example.com").is_err());
    }
}
