//! Apps registered through the admin API (admin keys only), beside those of the configuration:
//! listed, registered with a secret latchkey makes and shows once, given a new secret, removed.
//!
//! # Security
//! - The secret is 256 bits from the OS CSPRNG, made by latchkey (never chosen by a person) and
//!   stored as its SHA-256 only; the answer that makes it is the only place it appears.
//! - Removing a client ends every grant it holds and forgets every consent given to it, in the
//!   same transaction: a client removed and registered again under the same id starts from
//!   nothing.
//! - Configured clients are the operator's: the admin API neither shadows nor removes them.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Provider;
use crate::admin::keys::AdminKey;
use crate::audit::{Action as Audited, Event, Origin};
use crate::config::oauth2::{RawClient, validate_client};
use crate::config::{Approval, ClientConfig};
use crate::domain::Tier;
use crate::error::Error;
use crate::policy::{Action, AdminFacts, Facts};
use crate::secret::Secret;

/// `POST /admin/oauth2/clients`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub id: String,
    pub name: Option<String>,
    /// A confidential client gets a secret; a public one (a single-page or native app) proves
    /// itself with PKCE alone.
    pub confidential: bool,
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub first_party: bool,
    /// `ES256` (default) or `EdDSA`: what its ID and access tokens are signed with.
    pub id_token_signed_response_alg: Option<String>,
}

/// A client as the admin API shows it (never its secret).
#[derive(Debug, Serialize)]
pub struct ClientListed {
    pub id: String,
    pub name: String,
    pub confidential: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub first_party: bool,
    pub id_token_signed_response_alg: &'static str,
    /// `config` (the operator's file, changed there) or `admin` (this API).
    pub source: &'static str,
}

impl ClientListed {
    fn of(client: ClientConfig, source: &'static str) -> Self {
        Self {
            confidential: client.secret_hash.is_some(),
            id: client.id,
            name: client.name,
            redirect_uris: client.redirect_uris,
            post_logout_redirect_uris: client.post_logout_redirect_uris,
            scopes: client.scopes,
            first_party: client.first_party,
            id_token_signed_response_alg: client.signing_alg.as_str(),
            source,
        }
    }
}

impl Provider {
    /// Every client: the configuration's, then those registered here.
    pub async fn clients(&self) -> Result<Vec<ClientListed>, Error> {
        let configured = self
            .config
            .clients
            .iter()
            .cloned()
            .map(|c| ClientListed::of(c, "config"));
        let registered = self.store.oauth2_clients().await?;
        Ok(configured
            .chain(registered.into_iter().map(|c| ClientListed::of(c, "admin")))
            .collect())
    }

    /// Registers a client; a confidential one's secret comes back this once.
    pub async fn register_client(
        &self,
        by: &AdminKey,
        origin: &Origin,
        new: NewClient,
    ) -> Result<(ClientListed, Option<Secret>), Error> {
        may_manage(by)?;
        let secret = new.confidential.then(Secret::generate).transpose()?;
        let raw = RawClient {
            id: Some(new.id),
            name: new.name,
            secret: secret.as_ref().map(|s| s.expose().to_owned()),
            redirect_uris: Some(new.redirect_uris),
            post_logout_redirect_uris: Some(new.post_logout_redirect_uris),
            scopes: new.scopes,
            first_party: Some(new.first_party),
            id_token_signed_response_alg: new.id_token_signed_response_alg,
        };
        let client = validate_client("client", raw)
            .map_err(|e| Error::InvalidRequest(format!("{}: {} ({}). {}", e.key, e.problem, e.value, e.fix)))?;
        let taken = || Error::InvalidRequest(format!("A client with the id {} exists: choose another id.", client.id));
        if self.config.clients.iter().any(|c| c.id == client.id) {
            return Err(taken());
        }
        // Its keys exist, and are published, before its first token.
        self.keys.prepare(client.signing_alg).await?;
        if !self.store.insert_oauth2_client(&client, self.clock.now()).await? {
            return Err(taken());
        }
        let listed = ClientListed::of(client, "admin");
        self.record(
            Event::new(by.actor(), Audited::OAuth2ClientRegistered, None)
                .details(serde_json::json!({ "client": &listed }))
                .from(origin),
        )
        .await?;
        Ok((listed, secret))
    }

    /// A new secret for a registered confidential client; the old one stops working at once.
    pub async fn rotate_client_secret(&self, by: &AdminKey, origin: &Origin, id: &str) -> Result<Secret, Error> {
        may_manage(by)?;
        self.registered_here(id).await?;
        let secret = Secret::generate()?;
        if !self
            .store
            .set_oauth2_client_secret(id, Sha256::digest(secret.expose().as_bytes()).into())
            .await?
        {
            return Err(Error::InvalidRequest("This client is public: it has no secret.".into()));
        }
        self.record(
            Event::new(by.actor(), Audited::OAuth2ClientSecretRotated, None)
                .details(serde_json::json!({ "client_id": id }))
                .from(origin),
        )
        .await?;
        Ok(secret)
    }

    /// Removes a registered client, its grants and the consents given to it.
    pub async fn remove_client(&self, by: &AdminKey, origin: &Origin, id: &str) -> Result<(), Error> {
        may_manage(by)?;
        self.registered_here(id).await?;
        if !self.store.delete_oauth2_client(id, self.clock.now()).await? {
            return Err(Error::NotFound);
        }
        self.record(
            Event::new(by.actor(), Audited::OAuth2ClientRemoved, None)
                .details(serde_json::json!({ "client_id": id }))
                .from(origin),
        )
        .await
    }

    /// `NotFound` unless the client was registered through the admin API.
    async fn registered_here(&self, id: &str) -> Result<(), Error> {
        if self.config.clients.iter().any(|c| c.id == id) {
            return Err(Error::InvalidRequest(
                "This client is defined in the configuration (oauth2.clients): change it there.".into(),
            ));
        }
        self.store.oauth2_client(id).await?.map(drop).ok_or(Error::NotFound)
    }
}

/// Only admin keys manage clients (policy's `ManageOAuthClients`).
fn may_manage(by: &AdminKey) -> Result<(), Error> {
    let facts = Facts::Admin(AdminFacts {
        role: by.role,
        person: by.owner.clone(),
        // No identity is involved: tier and approval do not bear on this action.
        recovery_tier: Tier::Standard,
        approval: Approval::Always,
    });
    crate::auth::permit(&facts, &Action::ManageOAuthClients)
}
