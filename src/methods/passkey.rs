//! Passkeys: WebAuthn through `webauthn-rs`, discoverable credentials, user verification required.
//!
//! Every ceremony is two steps (start -> challenge options, finish -> verified result) joined by a
//! [`Flow`] in the store.
//!
//! # Security
//! - The ceremony state (which holds the challenge) MUST stay server-side: it is serialised into
//!   the store (webauthn-rs feature `danger-allow-state-serialisation`) rather than kept in memory,
//!   so any replica can finish a ceremony another started. It never travels to the client.
//! - The flow is taken (deleted) from the store *before* verification: a challenge answers once,
//!   whether the answer verifies or not, so a captured assertion cannot be replayed and a failed
//!   try cannot be retried against the same challenge.
//! - Browser flows are bound to the CSRF token of the browser that started them; finishing from
//!   another browser (login CSRF) is refused.
//! - In the discoverable flow the user handle the authenticator returns MUST map to the owner of
//!   the credential; a credential of one account with the handle of another is refused.
//! - A signature counter that does not move forward (when either side is non-zero) is refused and
//!   recorded: it may mean the key was cloned (WebAuthn 6.1.1).
//! - All verification failures answer `passkey_verification_failed`, so the reply does not reveal
//!   whether a credential or account exists. The precise reason goes to the debug log.
//! - A registration without user presence is accepted only in a ceremony this server started as
//!   an automatic upgrade ([`NewPasskeyRequest::Automatic`]); the mark lives in the stored
//!   ceremony state, never in what the client sends (see `vendor/README.md`).

pub mod authenticators;

use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, Credential, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Webauthn, WebauthnBuilder,
    WebauthnError,
};
use webauthn_rs_proto::{
    AuthenticatorAttachment, AuthenticatorSelectionCriteria, PublicKeyCredentialHints, ResidentKeyRequirement,
    UserVerificationPolicy,
};

use crate::audit::{Action, Actor, Audit, Event, Origin};
use crate::clock::Clock;
use crate::config::WebauthnConfig;
use crate::domain::{
    AddedVia, Address, DEFAULT_SCHEMA_ID, DeviceKind, Flow, FlowKind, Identity, IdentityState, PasskeyCredential, Tier,
};
use crate::error::{Error, Invalid};
use crate::methods::Starter;
use crate::store::Store;
use authenticators::{Authenticators, NewDevice};

/// WebAuthn 7.1: credential ids longer than this MUST be refused.
const MAX_CREDENTIAL_ID_LEN: usize = 1023;

/// The passkey sign-in method.
pub struct PasskeyMethod {
    webauthn: Webauthn,
    /// The configured origins serialised as browsers write them in client data.
    origins: Vec<String>,
    store: Store,
    clock: Arc<dyn Clock>,
    ceremony_lifespan: Duration,
    authenticators: Authenticators,
    audit: Arc<Audit>,
    /// The tier of identities signing up (`policy.default_tier`).
    default_tier: Tier,
}

/// A new passkey as the browser sends it: the registration webauthn-rs verifies, and the
/// attachment the browser reports (`PublicKeyCredential.authenticatorAttachment`; unsigned, it
/// only labels the device on the account page).
#[derive(Debug, serde::Deserialize)]
pub struct NewPasskey {
    #[serde(flatten)]
    pub credential: RegisterPublicKeyCredential,
    #[serde(default, rename = "authenticatorAttachment")]
    pub attachment: Option<String>,
}

impl NewPasskey {
    fn attachment(&self) -> Option<AuthenticatorAttachment> {
        match self.attachment.as_deref() {
            Some("platform") => Some(AuthenticatorAttachment::Platform),
            Some("cross-platform") => Some(AuthenticatorAttachment::CrossPlatform),
            _ => None,
        }
    }
}

/// How the browser is asked for a new passkey on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPasskeyRequest {
    /// The browser's dialog, steered to another device when one is named.
    Dialog(Option<OtherDevice>),
    /// The password manager, without a dialog (WebAuthn conditional create), right after a
    /// password sign-in: user presence may be missing and user verification is as reported.
    Automatic,
}

/// A new passkey verified for an account, not yet saved.
#[derive(Debug)]
pub struct VerifiedNewPasskey {
    pub credential: PasskeyCredential,
    /// Made by an automatic upgrade (no dialog).
    pub automatic: bool,
}

/// A verified passkey sign-in.
#[derive(Debug)]
pub struct PasskeySignIn {
    pub identity: Identity,
    pub user_verified: bool,
    /// The passkey that signed in, as updated by this use.
    pub passkey: PasskeyCredential,
}

impl PasskeyMethod {
    pub fn new(
        config: &WebauthnConfig,
        store: Store,
        clock: Arc<dyn Clock>,
        audit: Arc<Audit>,
        default_tier: Tier,
    ) -> Result<Self, Error> {
        let first = config
            .origins
            .first()
            .ok_or_else(|| Error::Internal("no WebAuthn origin configured".into()))?;
        let mut builder = WebauthnBuilder::new(&config.rp_id, first)
            .map_err(|e| Error::Internal(format!("WebAuthn configuration refused: {e}")))?
            .rp_name(&config.rp_display_name)
            .timeout(std::time::Duration::from_secs(
                config.ceremony_lifespan.whole_seconds().unsigned_abs(),
            ));
        for origin in config.origins.iter().skip(1).chain(&config.related_origins) {
            builder = builder.append_allowed_origin(origin);
        }
        let webauthn = builder
            .build()
            .map_err(|e| Error::Internal(format!("WebAuthn configuration refused: {e}")))?;
        Ok(Self {
            webauthn,
            origins: config.origin_strings(),
            store,
            clock,
            ceremony_lifespan: config.ceremony_lifespan,
            authenticators: config.authenticators.clone(),
            audit,
            default_tier,
        })
    }

    /// Begins signing up `email`, an address just proven by an emailed code, with a passkey. No
    /// password exists on this path or any other.
    pub async fn start_registration(
        &self,
        email: &str,
        starter: Starter<'_>,
    ) -> Result<(Uuid, CreationChallengeResponse), Error> {
        let email = normalise_email(email)?;
        if self.store.address_in_use(&email).await? {
            return Err(Error::IdentityExists);
        }
        let user_handle = Uuid::new_v4();
        let (options, state) = self
            .webauthn
            .start_passkey_registration(user_handle, &email, &email, None)
            .map_err(|e| Error::Internal(format!("start registration: {e}")))?;
        let mut flow = self.new_flow(
            FlowKind::Registration,
            starter,
            serde_json::to_string(&state)?,
            Some(email),
            Some(Uuid::new_v4()),
            Some(user_handle),
        );
        // Sign-up proves the address by an emailed code before the ceremony starts.
        flow.address_verified = true;
        self.store.insert_flow(&flow).await?;
        Ok((flow.id, require_discoverable(options)))
    }

    /// Completes sign-up: verifies the new credential and creates the identity with it.
    pub async fn finish_registration(
        &self,
        flow_id: Uuid,
        new: &NewPasskey,
        finisher: Starter<'_>,
        user_agent: &str,
    ) -> Result<(Identity, PasskeyCredential), Error> {
        let flow = self.take_flow(flow_id, &[FlowKind::Registration], finisher).await?;
        let passkey = self.verify_registration(&flow, new)?;
        let (Some(email), Some(identity_id), Some(user_handle)) = (flow.email, flow.identity_id, flow.user_handle)
        else {
            return Err(Error::Internal("registration flow is missing its identity".into()));
        };
        let now = self.clock.now();
        let identity = Identity {
            id: identity_id,
            schema_id: DEFAULT_SCHEMA_ID.to_owned(),
            state: IdentityState::Active,
            user_handle,
            email: email.clone(),
            tier: self.default_tier,
            high_value_until: None,
            created_at: now,
            updated_at: now,
        };
        let address = Address {
            id: Uuid::new_v4(),
            identity_id,
            value: email,
            verified: flow.address_verified,
            verified_at: flow.address_verified.then_some(now),
            created_at: now,
            updated_at: now,
        };
        let credential = new_credential(identity_id, passkey, self.describe(new), user_agent, now)?;
        self.store
            .create_identity_with_passkey(&identity, &address, &credential)
            .await?;
        Ok((identity, credential))
    }

    /// Begins a discoverable sign-in: no user name asked, the authenticator offers its passkeys.
    pub async fn start_login(&self, starter: Starter<'_>) -> Result<(Uuid, RequestChallengeResponse), Error> {
        let (options, state) = self
            .webauthn
            .start_discoverable_authentication()
            .map_err(|e| Error::Internal(format!("start login: {e}")))?;
        let flow = self.new_flow(
            FlowKind::Login,
            starter,
            serde_json::to_string(&state)?,
            None,
            None,
            None,
        );
        self.store.insert_flow(&flow).await?;
        Ok((flow.id, options))
    }

    /// Completes a sign-in: identifies the credential, checks its owner, verifies, updates counter
    /// and flags.
    pub async fn finish_login(
        &self,
        flow_id: Uuid,
        credential: &PublicKeyCredential,
        finisher: Starter<'_>,
        origin: &Origin,
    ) -> Result<PasskeySignIn, Error> {
        let flow = self.take_flow(flow_id, &[FlowKind::Login], finisher).await?;
        require_well_formed(&credential.type_, &credential.id, &credential.raw_id)?;
        self.require_exact_origin(&credential.response.client_data_json)?;
        let state: DiscoverableAuthentication = serde_json::from_str(&flow.ceremony_state)?;
        let (handle, credential_id) = self
            .webauthn
            .identify_discoverable_authentication(credential)
            .map_err(ceremony_error)?;
        let (stored, identity) = self
            .store
            .passkey_with_owner(credential_id)
            .await?
            .ok_or(Error::PasskeyUnknown)?;
        if identity.user_handle != handle {
            return Err(refused("user handle does not own the credential"));
        }
        let result = match self
            .webauthn
            .finish_discoverable_authentication_v2(credential, state, &stored.passkey)
        {
            Err(WebauthnError::CredentialPossibleCompromise) => {
                return Err(self.counter_regressed(&stored, origin).await?);
            }
            other => other.map_err(ceremony_error)?,
        };
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        let mut updated = stored.clone();
        updated.passkey.update_credential(&result);
        updated.sign_count = result.counter();
        updated.backup_eligible = result.backup_eligible();
        updated.backup_state = result.backup_state();
        if !self.store.record_passkey_use(&updated, self.clock.now()).await? {
            return Err(self.counter_regressed(&stored, origin).await?);
        }
        Ok(PasskeySignIn {
            identity,
            user_verified: result.user_verified(),
            passkey: updated,
        })
    }

    /// Begins adding another passkey to a signed-in identity; its existing passkeys are excluded
    /// so the same authenticator is not registered twice.
    pub async fn start_add_passkey(
        &self,
        identity: &Identity,
        starter: Starter<'_>,
        request: NewPasskeyRequest,
    ) -> Result<(Uuid, CreationChallengeResponse), Error> {
        let existing = self
            .store
            .passkeys(identity.id)
            .await?
            .into_iter()
            .map(|p| p.credential_id)
            .collect();
        let (options, state) = self
            .webauthn
            .start_passkey_registration(identity.user_handle, &identity.email, &identity.email, Some(existing))
            .map_err(|e| Error::Internal(format!("start add passkey: {e}")))?;
        let (kind, state, options) = match request {
            NewPasskeyRequest::Dialog(device) => {
                let options = require_discoverable(options);
                let options = match device {
                    Some(device) => steer_to(options, device),
                    None => options,
                };
                (FlowKind::AddPasskey, serde_json::to_string(&state)?, options)
            }
            NewPasskeyRequest::Automatic => (
                FlowKind::AutomaticUpgrade,
                mark_conditional(&state)?,
                conditional_options(require_discoverable(options)),
            ),
        };
        let flow = self.new_flow(
            kind,
            starter,
            state,
            None,
            Some(identity.id),
            Some(identity.user_handle),
        );
        self.store.insert_flow(&flow).await?;
        Ok((flow.id, options))
    }

    /// Verifies the new passkey of an add-passkey ceremony; the flow must belong to the identity
    /// finishing it. The auth core saves it (`auth::AuthCore::save_passkey`).
    pub async fn finish_add_passkey(
        &self,
        identity: &Identity,
        flow_id: Uuid,
        new: &NewPasskey,
        finisher: Starter<'_>,
        user_agent: &str,
    ) -> Result<VerifiedNewPasskey, Error> {
        let flow = self
            .take_flow(flow_id, &[FlowKind::AddPasskey, FlowKind::AutomaticUpgrade], finisher)
            .await?;
        if flow.identity_id != Some(identity.id) {
            return Err(Error::FlowMismatch);
        }
        let passkey = self.verify_registration(&flow, new)?;
        Ok(VerifiedNewPasskey {
            credential: new_credential(identity.id, passkey, self.describe(new), user_agent, self.clock.now())?,
            automatic: flow.kind == FlowKind::AutomaticUpgrade,
        })
    }

    /// Renames one of the identity's passkeys (1 to 64 printable characters).
    pub async fn rename(&self, identity: &Identity, id: Uuid, name: &str) -> Result<(), Error> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(Error::InvalidInput(Invalid::PasskeyName));
        }
        if self.store.rename_passkey(identity.id, id, name).await? {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }

    /// Records a signature counter that did not move forward (a possible clone) on the passkey
    /// and in the audit trail; returns the refusal to answer with.
    async fn counter_regressed(&self, stored: &PasskeyCredential, origin: &Origin) -> Result<Error, Error> {
        self.store
            .record_counter_regression(&stored.credential_id, self.clock.now())
            .await?;
        tracing::warn!(passkey = %stored.id, identity = %stored.identity_id, "passkey signature counter went backwards; refused");
        self.audit
            .record(
                Event::new(
                    Actor::System {
                        name: "passkey verification".into(),
                    },
                    Action::PasskeyCounterRegression,
                    Some(stored.identity_id),
                )
                .details(serde_json::json!({ "passkey_id": stored.id, "stored_counter": stored.sign_count }))
                .from(origin),
            )
            .await?;
        Ok(Error::PasskeyPossibleClone)
    }

    /// The name of a passkey provider or security key model, when the list knows it.
    pub fn provider_name(&self, aaguid: Option<Uuid>) -> Option<&str> {
        aaguid.and_then(|a| self.authenticators.name(a))
    }

    fn verify_registration(&self, flow: &Flow, new: &NewPasskey) -> Result<Passkey, Error> {
        let credential = &new.credential;
        require_well_formed(&credential.type_, &credential.id, &credential.raw_id)?;
        self.require_exact_origin(&credential.response.client_data_json)?;
        let state: PasskeyRegistration = serde_json::from_str(&flow.ceremony_state)?;
        self.webauthn
            .finish_passkey_registration(&new.credential, &state)
            .map_err(ceremony_error)
    }

    fn describe(&self, new: &NewPasskey) -> NewDevice {
        let response = &new.credential.response;
        self.authenticators.describe(
            &response.attestation_object,
            new.attachment(),
            response.transports.as_deref().unwrap_or_default(),
        )
    }

    fn new_flow(
        &self,
        kind: FlowKind,
        starter: Starter<'_>,
        ceremony_state: String,
        email: Option<String>,
        identity_id: Option<Uuid>,
        user_handle: Option<Uuid>,
    ) -> Flow {
        let now = self.clock.now();
        let (client, csrf_hash) = starter.binding();
        Flow {
            id: Uuid::new_v4(),
            kind,
            client,
            ceremony_state,
            email,
            address_verified: false,
            identity_id,
            user_handle,
            csrf_hash,
            created_at: now,
            expires_at: now + self.ceremony_lifespan,
        }
    }

    /// The origin in the client data must be one of the configured origins exactly as a browser
    /// serialises it. webauthn-rs compares parsed origins, which also admits spellings no browser
    /// sends (a trailing slash); an exact allow-list refuses them (WebAuthn 13.4.9).
    ///
    /// # Security
    /// A ceremony run inside a frame of another site reports `crossOrigin: true` and that site as
    /// `topOrigin` (WebAuthn 5.8.1). latchkey's pages refuse framing and no embedding is
    /// configured, so such an assertion or registration MUST be refused (WebAuthn 7.1/7.2), as is a
    /// `topOrigin` other than the origin itself.
    fn require_exact_origin(&self, client_data_json: &[u8]) -> Result<(), Error> {
        #[derive(serde::Deserialize)]
        struct ClientData {
            origin: String,
            #[serde(default, rename = "crossOrigin")]
            cross_origin: Option<bool>,
            #[serde(default, rename = "topOrigin")]
            top_origin: Option<String>,
        }
        let client_data: ClientData =
            serde_json::from_slice(client_data_json).map_err(|_| refused("client data is not JSON"))?;
        if !self.origins.contains(&client_data.origin) {
            return Err(refused("origin is not exactly an allowed origin"));
        }
        if client_data.cross_origin == Some(true) {
            return Err(refused("cross-origin ceremony (in a frame of another site)"));
        }
        match client_data.top_origin {
            Some(top) if top != client_data.origin => Err(refused("top origin differs from the origin")),
            _ => Ok(()),
        }
    }

    /// Takes the flow out of the store (single use) and checks it may be finished here and now,
    /// as one of `kinds`.
    async fn take_flow(&self, id: Uuid, kinds: &[FlowKind], finisher: Starter<'_>) -> Result<Flow, Error> {
        let flow = self.store.take_flow(id).await?.ok_or(Error::ChallengeInvalid)?;
        if !kinds.contains(&flow.kind) {
            return Err(Error::FlowMismatch);
        }
        if self.clock.now() >= flow.expires_at {
            return Err(Error::ChallengeExpired);
        }
        if finisher.may_finish(flow.client, flow.csrf_hash.as_deref()) {
            Ok(flow)
        } else {
            Err(Error::CsrfViolation)
        }
    }
}

/// Where a second passkey should go: the browser is steered there (WebAuthn hints and a
/// cross-platform attachment); the ceremony and its checks are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherDevice {
    /// A phone or tablet, through the cross-device (hybrid) flow.
    Phone,
    /// A USB, NFC or Bluetooth security key.
    SecurityKey,
}

fn steer_to(mut options: CreationChallengeResponse, device: OtherDevice) -> CreationChallengeResponse {
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.authenticator_attachment = Some(AuthenticatorAttachment::CrossPlatform);
    }
    options.public_key.hints = Some(vec![match device {
        OtherDevice::Phone => PublicKeyCredentialHints::Hybrid,
        OtherDevice::SecurityKey => PublicKeyCredentialHints::SecurityKey,
    }]);
    options
}

/// Marks a registration's stored state as requested with conditional mediation, so the patched
/// webauthn-rs-core accepts it without user presence (`vendor/README.md`), and lets user
/// verification be as the browser reports it: conditional create asks for none (WebAuthn L3
/// 5.1.3) and the first passkey sign-in requires it anyway. The state records what
/// [`conditional_options`] asks for. Set only here, server-side.
fn mark_conditional(state: &PasskeyRegistration) -> Result<String, Error> {
    let mut value = serde_json::to_value(state)?;
    let shape = || Error::Internal("registration state is not shaped as webauthn-rs 0.6 writes it".into());
    let inner = value
        .get_mut("rs")
        .and_then(serde_json::Value::as_object_mut)
        .ok_or_else(shape)?;
    inner.insert("conditional_mediation".into(), true.into());
    inner.insert(
        "policy".into(),
        serde_json::to_value(UserVerificationPolicy::Preferred)?,
    );
    let extensions = inner
        .get_mut("extensions")
        .and_then(serde_json::Value::as_object_mut)
        .ok_or_else(shape)?;
    extensions.remove("credentialProtectionPolicy");
    extensions.remove("enforceCredentialProtectionPolicy");
    Ok(value.to_string())
}

/// The options of an automatic upgrade: user verification preferred, and no credProtect level
/// that requires it (Chromium refuses a conditional create asking for one: "Requested protection
/// policy is inconsistent"). Passkey sign-ins require user verification all the same.
fn conditional_options(mut options: CreationChallengeResponse) -> CreationChallengeResponse {
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.user_verification = UserVerificationPolicy::Preferred;
    }
    if let Some(extensions) = options.public_key.extensions.as_mut() {
        extensions.cred_protect = None;
    }
    options
}

/// webauthn-rs asks authenticators for a non-discoverable credential by default; latchkey signs in
/// without a user name, so the credential must be discoverable (a passkey proper).
fn require_discoverable(mut options: CreationChallengeResponse) -> CreationChallengeResponse {
    options.public_key.authenticator_selection = Some(AuthenticatorSelectionCriteria {
        authenticator_attachment: None,
        resident_key: Some(ResidentKeyRequirement::Required),
        require_resident_key: true,
        user_verification: UserVerificationPolicy::Required,
    });
    options
}

fn new_credential(
    identity_id: Uuid,
    passkey: Passkey,
    device: NewDevice,
    user_agent: &str,
    now: OffsetDateTime,
) -> Result<PasskeyCredential, Error> {
    let record = Credential::from(passkey.clone());
    if record.cred_id.len() > MAX_CREDENTIAL_ID_LEN {
        return Err(refused("credential id longer than 1023 bytes"));
    }
    Ok(PasskeyCredential {
        id: Uuid::new_v4(),
        identity_id,
        credential_id: record.cred_id.to_vec(),
        name: default_name(&device, user_agent),
        passkey,
        sign_count: record.counter,
        backup_eligible: record.backup_eligible,
        backup_state: record.backup_state,
        aaguid: device.aaguid,
        device_kind: device.kind,
        cooldown_until: None,
        added_by_passkey: None,
        added_in_session: None,
        added_via: Some(AddedVia::SignUp),
        created_at: now,
        last_used_at: None,
    })
}

/// A readable default name for a new passkey: its provider's name when the authenticator says
/// which it is; otherwise the browser and OS that created it, unless it lives elsewhere (a phone
/// over the cross-device flow, a security key), where those would name the wrong device.
fn default_name(device: &NewDevice, user_agent: &str) -> String {
    match (&device.provider, device.kind) {
        (Some(provider), _) => provider.clone(),
        (None, DeviceKind::Phone) => "Passkey on a phone".to_owned(),
        (None, DeviceKind::SecurityKey) => "Security key".to_owned(),
        (None, DeviceKind::BuiltIn | DeviceKind::Unknown) => device_name(user_agent),
    }
}

/// A readable name from the browser and OS that created a passkey.
fn device_name(user_agent: &str) -> String {
    match crate::user_agent::browser_and_os(user_agent) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => format!("Passkey on {o}"),
        (None, None) => "Passkey".to_owned(),
    }
}

/// Lower-cases and checks an email address enough to refuse obvious garbage; ownership is
/// proven by the verification code, not by syntax.
pub fn normalise_email(raw: &str) -> Result<String, Error> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(email)
    } else {
        Err(Error::InvalidInput(Invalid::Email))
    }
}

fn ceremony_error(e: WebauthnError) -> Error {
    match e {
        WebauthnError::UserNotVerified => Error::PasskeyUserVerificationRequired,
        other => refused(&other.to_string()),
    }
}

/// WebAuthn 5.1: a credential's `type` is `public-key` and its `id` is its `rawId` in base64url.
/// webauthn-rs reads only `rawId` and ignores `type`; a credential whose two ids disagree is
/// malformed, and is refused rather than guessed at.
fn require_well_formed(kind: &str, id: &str, raw_id: &[u8]) -> Result<(), Error> {
    use base64::Engine;
    if kind != "public-key" {
        return Err(refused("type is not public-key"));
    }
    if id != base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw_id) {
        return Err(refused("id is not rawId in base64url"));
    }
    Ok(())
}

fn refused(reason: &str) -> Error {
    tracing::debug!(reason, "passkey ceremony refused");
    Error::PasskeyVerificationFailed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "a da@example.com",
            "ada@@example.com",
            "ada@.com",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    /// Pins the vendored webauthn-rs-core: its registration state keeps the conditional mark
    /// through a round trip (the published crate drops the unknown field, and with it the mark).
    #[test]
    fn the_conditional_mark_survives_the_stored_state() {
        let webauthn = WebauthnBuilder::new("example.com", &url::Url::parse("https://example.com").unwrap())
            .unwrap()
            .build()
            .unwrap();
        let (_, state) = webauthn
            .start_passkey_registration(Uuid::new_v4(), "ada@example.com", "ada@example.com", None)
            .unwrap();
        let plain = serde_json::to_value(&state).unwrap();
        assert_eq!(plain["rs"]["conditional_mediation"], false);
        let marked = mark_conditional(&state).unwrap();
        let again: PasskeyRegistration = serde_json::from_str(&marked).unwrap();
        let again = serde_json::to_value(&again).unwrap();
        assert_eq!(again["rs"]["conditional_mediation"], true);
        assert_eq!(again["rs"]["policy"], "preferred");
        assert!(again["rs"]["extensions"].get("credentialProtectionPolicy").is_none());
        assert!(plain["rs"]["extensions"].get("credentialProtectionPolicy").is_some());
        assert_eq!(
            again["rs"]["challenge"], plain["rs"]["challenge"],
            "the rest is untouched"
        );
    }

    #[test]
    fn device_names_read_like_people_say_them() {
        let chrome_linux =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
        assert_eq!(device_name(chrome_linux), "Chrome on Linux");
        let safari_ios = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(safari_ios), "Safari on iOS");
        assert_eq!(device_name(""), "Passkey");
    }
}
