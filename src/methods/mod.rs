//! One module per way in. Methods hold the rules of their ceremony and talk to the store; they
//! know nothing of HTTP.

pub mod backup_codes;
pub mod email_code;
pub mod passkey;
pub mod password;
pub mod recovery;

use crate::domain::FlowClient;
use crate::secret::TokenHash;

/// Who starts (or finishes) a flow: a browser, bound to its CSRF token, or an API client.
#[derive(Debug, Clone, Copy)]
pub enum Starter<'a> {
    Browser { csrf: &'a TokenHash },
    Api,
}

impl Starter<'_> {
    /// How a flow stores who started it.
    pub fn binding(self) -> (FlowClient, Option<Vec<u8>>) {
        match self {
            Self::Browser { csrf } => (FlowClient::Browser, Some(csrf.0.to_vec())),
            Self::Api => (FlowClient::Api, None),
        }
    }

    /// True when this caller may finish a flow started with `binding`: the same browser (same
    /// CSRF token, compared in constant time), or an API client for an API flow.
    pub fn may_finish(self, client: FlowClient, csrf_hash: Option<&[u8]>) -> bool {
        let bound_to = csrf_hash.and_then(TokenHash::from_slice);
        match (client, bound_to, self) {
            (FlowClient::Browser, Some(bound), Self::Browser { csrf }) => bound.matches(csrf),
            (FlowClient::Api, _, Self::Api) => true,
            _ => false,
        }
    }
}
