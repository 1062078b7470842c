//! The nouns of latchkey as plain data: no I/O, no HTTP, no SQL.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The schema every identity uses until custom identity schemas exist. Kratos clients expect a
/// `schema_id` on each identity; `default` is what Kratos itself names its default schema.
pub const DEFAULT_SCHEMA_ID: &str = "default";

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub id: Uuid,
    pub schema_id: String,
    pub state: IdentityState,
    /// The WebAuthn user handle: random, opaque, never derived from the email (WebAuthn user handle
    /// privacy), and distinct from `id` so the handle stored on authenticators reveals nothing the
    /// API exposes.
    pub user_handle: Uuid,
    pub email: String,
    pub tier: Tier,
    /// Set when the tier was lowered from `high_value`: recovery still treats the identity as
    /// `high_value` until then (see `policy::decide`).
    pub high_value_until: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Identity {
    /// A new identity made by an operator (the admin API, an import) with its one address: a
    /// random user handle, no credential yet.
    pub fn with_address(
        email: String,
        state: IdentityState,
        tier: Tier,
        verified: bool,
        now: OffsetDateTime,
    ) -> (Self, Address) {
        let identity = Self {
            id: Uuid::new_v4(),
            schema_id: DEFAULT_SCHEMA_ID.to_owned(),
            state,
            user_handle: Uuid::new_v4(),
            email: email.clone(),
            tier,
            high_value_until: None,
            created_at: now,
            updated_at: now,
        };
        let address = Address {
            id: Uuid::new_v4(),
            identity_id: identity.id,
            value: email,
            verified,
            verified_at: verified.then_some(now),
            created_at: now,
            updated_at: now,
        };
        (identity, address)
    }
}

/// How much is at stake on an account. `high_value` accounts get the stricter policies: only an
/// `admin` key may issue their recovery links, and (by default) only with a second person's approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Standard,
    HighValue,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::HighValue => "high_value",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "standard" => Some(Self::Standard),
            "high_value" => Some(Self::HighValue),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityState {
    Active,
    Inactive,
}

impl IdentityState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }
}

/// An email address of an identity; verification arrives with the email fallback.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub id: Uuid,
    pub identity_id: Uuid,
    pub value: String,
    pub verified: bool,
    pub verified_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// A passkey registered to an identity. `passkey` is webauthn-rs's credential record (public key,
/// counter, flags); the plain columns beside it are what listings and policy read.
#[derive(Debug, Clone)]
pub struct PasskeyCredential {
    pub id: Uuid,
    pub identity_id: Uuid,
    pub credential_id: Vec<u8>,
    pub name: String,
    pub passkey: webauthn_rs::prelude::Passkey,
    pub sign_count: u32,
    pub backup_eligible: bool,
    pub backup_state: bool,
    /// The authenticator model, when it told (not all zeros).
    pub aaguid: Option<Uuid>,
    pub device_kind: DeviceKind,
    /// Saved from an email session of a high-value identity: its sessions stay restricted until
    /// then, unless an older passkey or a backup code confirms it.
    pub cooldown_until: Option<OffsetDateTime>,
    /// The passkey whose session saved this one (`None`: signed up with it, or saved from a
    /// session no passkey made): disowning that passkey removes this one too.
    pub added_by_passkey: Option<Uuid>,
    /// The session it was saved in (`None` at sign-up): removing or disowning it ends that
    /// session too, not only the sessions it made.
    pub added_in_session: Option<Uuid>,
    /// How it was saved (`None`: before that was recorded).
    pub added_via: Option<AddedVia>,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

/// How a passkey came to be saved, as the account page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddedVia {
    /// The account was created with it.
    SignUp,
    /// Added by a signed-in person: the account page, or the offer after an email sign-in.
    Account,
    /// Saved with an admin-issued recovery link.
    Recovery,
    /// Saved after a password sign-in (the migration to passkeys), with or without a dialog.
    Upgrade,
    /// Saved by a restricted session of a high-value account (re-enrolment).
    ReEnrol,
}

impl AddedVia {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignUp => "sign_up",
            Self::Account => "account",
            Self::Recovery => "recovery",
            Self::Upgrade => "upgrade",
            Self::ReEnrol => "re_enrol",
        }
    }

    /// A stored value; `None` for passkeys saved before it was recorded.
    pub fn parse(stored: Option<&str>) -> Option<Self> {
        match stored? {
            "sign_up" => Some(Self::SignUp),
            "account" => Some(Self::Account),
            "recovery" => Some(Self::Recovery),
            "upgrade" => Some(Self::Upgrade),
            "re_enrol" => Some(Self::ReEnrol),
            _ => None,
        }
    }
}

/// Where a passkey lives, as the account page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// Built into the computer or phone that made it (platform authenticator or its password
    /// manager).
    BuiltIn,
    /// On a phone or tablet, reached over the cross-device (hybrid) flow.
    Phone,
    /// A USB, NFC or Bluetooth security key.
    SecurityKey,
    Unknown,
}

impl DeviceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BuiltIn => "built_in",
            Self::Phone => "phone",
            Self::SecurityKey => "security_key",
            Self::Unknown => "unknown",
        }
    }

    /// Reads a stored value; anything unrecognised is `Unknown` rather than an error, since the
    /// value only labels a row on the account page.
    pub fn parse(stored: &str) -> Self {
        match stored {
            "built_in" => Self::BuiltIn,
            "phone" => Self::Phone,
            "security_key" => Self::SecurityKey,
            _ => Self::Unknown,
        }
    }
}

/// Where an admin-issued recovery link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryStatus {
    /// Requested; waits for a second person's approval before the link exists.
    PendingApproval,
    /// The link exists and works (after its cooling-off) until it expires.
    Issued,
    Used,
    /// Cancelled by its owner ("This wasn't me").
    Cancelled,
    Expired,
}

impl RecoveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingApproval => "pending_approval",
            Self::Issued => "issued",
            Self::Used => "used",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending_approval" => Some(Self::PendingApproval),
            "issued" => Some(Self::Issued),
            "used" => Some(Self::Used),
            "cancelled" => Some(Self::Cancelled),
            "expired" => Some(Self::Expired),
            _ => None,
        }
    }
}

/// An admin-issued recovery link (fallback 2). Its token and its cancel token are stored only as
/// hashes, beside this record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryLink {
    pub id: Uuid,
    pub identity_id: Uuid,
    pub status: RecoveryStatus,
    /// Admin key ids.
    pub requested_by: Uuid,
    pub approved_by: Option<Uuid>,
    pub reason: String,
    pub reason_text: Option<String>,
    pub verification: String,
    pub verification_text: Option<String>,
    /// How long the link lives once it exists.
    #[serde(skip)]
    pub lifespan: time::Duration,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub issued_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub usable_from: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub ended_at: Option<OffsetDateTime>,
}

/// Authenticator assurance level of a session (NIST SP 800-63B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aal {
    Aal1,
    Aal2,
}

impl Aal {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aal1 => "aal1",
            Self::Aal2 => "aal2",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "aal1" => Some(Self::Aal1),
            "aal2" => Some(Self::Aal2),
            _ => None,
        }
    }
}

/// The ways in. Only `Passkey` exists today; the others are the fallbacks later issues add, named
/// here so sessions written now already carry the vocabulary they will be read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Passkey,
    Code,
    LookupSecret,
    Recovery,
    Password,
}

impl Method {
    /// As stored and shown in sessions (`authentication_methods[].method`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passkey => "passkey",
            Self::Code => "code",
            Self::LookupSecret => "lookup_secret",
            Self::Recovery => "recovery",
            Self::Password => "password",
        }
    }

    /// How a person would say it: "signed in with ...".
    pub fn in_words(self) -> &'static str {
        match self {
            Self::Passkey => "a passkey",
            Self::Code => "an email code or link",
            Self::LookupSecret => "a backup code",
            Self::Recovery => "a recovery link",
            Self::Password => "a password",
        }
    }
}

/// One completed authentication inside a session (Kratos's `authentication_methods[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthenticationMethod {
    pub method: Method,
    pub aal: Aal,
    #[serde(with = "time::serde::rfc3339")]
    pub completed_at: OffsetDateTime,
}

/// A signed-in session. The token that names it is never stored; see `secret`.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: Uuid,
    pub identity_id: Uuid,
    pub aal: Aal,
    pub methods: Vec<AuthenticationMethod>,
    /// Restricted sessions may only do low-stakes things (policy for high-value accounts).
    pub restricted: bool,
    pub issued_at: OffsetDateTime,
    pub authenticated_at: OffsetDateTime,
    /// Absolute end.
    pub expires_at: OffsetDateTime,
    /// Last use (recorded at most once a minute).
    pub last_active_at: OffsetDateTime,
    /// How long it may sit unused; `None`: no inactivity limit.
    pub idle_timeout: Option<time::Duration>,
    /// The passkey whose ceremony made or lifted it (removing or disowning that passkey ends it).
    pub passkey_id: Option<Uuid>,
    /// The browser that signed in, for the person's list of sessions.
    pub user_agent: Option<String>,
}

impl Session {
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        now < self.expires_at && self.idle_timeout.is_none_or(|idle| now - self.last_active_at < idle)
    }
}

/// What a ceremony flow is for. A flow finished at the wrong endpoint is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    Registration,
    Login,
    AddPasskey,
    /// A passkey the password manager creates without a dialog right after a password sign-in.
    AutomaticUpgrade,
}

impl FlowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Login => "login",
            Self::AddPasskey => "add_passkey",
            Self::AutomaticUpgrade => "automatic_upgrade",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "registration" => Some(Self::Registration),
            "login" => Some(Self::Login),
            "add_passkey" => Some(Self::AddPasskey),
            "automatic_upgrade" => Some(Self::AutomaticUpgrade),
            _ => None,
        }
    }
}

/// Whether a flow was started by a browser (cookie, CSRF-bound) or an API client (token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowClient {
    Browser,
    Api,
}

/// A WebAuthn ceremony in progress. It lives in the store (never only in memory) so any replica
/// can finish what another started, and it is consumed atomically so a challenge answers once.
#[derive(Debug, Clone)]
pub struct Flow {
    pub id: Uuid,
    pub kind: FlowKind,
    pub client: FlowClient,
    /// webauthn-rs ceremony state, serialised (see `methods::passkey` for why that is safe).
    pub ceremony_state: String,
    /// Registration: the address being signed up.
    pub email: Option<String>,
    /// Registration: the address was proven by an emailed code before this ceremony began.
    pub address_verified: bool,
    /// Registration and add-passkey: the identity (or identity-to-be) and its user handle.
    pub identity_id: Option<Uuid>,
    pub user_handle: Option<Uuid>,
    /// Browser flows: SHA-256 of the CSRF token of the browser that started it.
    pub csrf_hash: Option<Vec<u8>>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// What an email grant (one code + one magic link) is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantPurpose {
    /// Sign in with a verified address (fallback 1).
    SignIn,
    /// Prove the address belongs to the identity (from the account page, or at a sign-up made
    /// while the code method was off).
    VerifyAddress,
    /// Prove the address before an account is created with it.
    SignUp,
}

impl GrantPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::VerifyAddress => "verify_address",
            Self::SignUp => "sign_up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sign_in" => Some(Self::SignIn),
            "verify_address" => Some(Self::VerifyAddress),
            "sign_up" => Some(Self::SignUp),
            _ => None,
        }
    }
}

/// A one-time code and a magic link sent together in one message: one grant, so using either
/// consumes both. Only hashes are kept.
#[derive(Debug, Clone)]
pub struct EmailGrant {
    /// The flow id the requesting client holds.
    pub id: Uuid,
    pub purpose: GrantPurpose,
    pub client: FlowClient,
    /// Browser grants: SHA-256 of the requesting browser's CSRF token (the code is entered there).
    pub csrf_hash: Option<Vec<u8>>,
    /// The normalised address the message went to.
    pub address: String,
    /// Who the grant signs in or verifies; `None` when the address may not sign in (unknown or
    /// unverified), so the grant can never succeed but looks like any other.
    pub identity_id: Option<Uuid>,
    /// Argon2id PHC string of the code.
    pub code_hash: String,
    /// SHA-256 of the link token.
    pub link_hash: Vec<u8>,
    pub attempts: u32,
    pub return_to: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// An email waiting in the durable outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMessage {
    pub id: Uuid,
    pub recipient: String,
    pub template: String,
    pub body: MessageBody,
    pub attempts: u32,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A queued message's subject and bodies as the store keeps them.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageBody {
    /// Encrypted by the courier (`keys::Cipher`): a database reader sees no code or link.
    Sealed(String),
    /// Queued before mail was sealed (migration 0010); erased once sent, as before.
    Clear(MailContent),
}

/// What a message says.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailContent {
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}
