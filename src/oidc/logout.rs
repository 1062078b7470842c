//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): an app sends the browser here to
//! end the person's latchkey session, then back to one of its registered addresses.
//!
//! # Security
//! - `post_logout_redirect_uri` is honoured only when registered for the client, character for
//!   character; otherwise nothing redirects (no open redirect).
//! - A sign-out needs proof it is wanted: an `id_token_hint` this provider signed for the person
//!   signed in here, or the person pressing the button on the confirmation page. A link on
//!   another site cannot sign anyone out.

use serde::Deserialize;
use url::Url;
use uuid::Uuid;

use super::Provider;
use crate::error::Error;
use crate::sessions::ActiveSession;
use crate::tokens::JWT;

/// The query of `GET /oauth2/sessions/logout` (and the confirmation page's body).
#[derive(Debug, Default, Deserialize)]
pub struct LogoutRequest {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
}

/// What an ID token used as a hint must say.
#[derive(Debug, Deserialize)]
struct Hint {
    sub: Uuid,
    aud: String,
}

/// What the end-session endpoint does.
#[derive(Debug)]
pub struct Logout {
    /// Where the browser goes afterwards: the app's registered address with `state`, if it
    /// named one.
    pub then: Option<String>,
    /// The hint names the person signed in here: sign out without asking.
    pub confirmed: bool,
}

impl Provider {
    pub async fn end_session(&self, request: &LogoutRequest, session: Option<&ActiveSession>) -> Result<Logout, Error> {
        let hint = match &request.id_token_hint {
            Some(token) => Some(
                self.keys
                    .verify::<Hint>(JWT, token, &self.issuer)
                    .await
                    .ok_or_else(|| {
                        Error::InvalidRequest("id_token_hint is not an ID token of this provider.".into())
                    })?,
            ),
            None => None,
        };
        let client_id = match (&hint, &request.client_id) {
            (Some(hint), Some(id)) if hint.aud != *id => {
                return Err(Error::InvalidRequest(
                    "client_id differs from the audience of id_token_hint.".into(),
                ));
            }
            (Some(hint), _) => Some(hint.aud.as_str()),
            (None, id) => id.as_deref(),
        };
        let then = match &request.post_logout_redirect_uri {
            None => None,
            Some(uri) => {
                let client = match client_id {
                    Some(id) => self.client(id).await?,
                    None => None,
                };
                let registered = client.is_some_and(|client| client.post_logout_redirect_uris.iter().any(|r| r == uri));
                if !registered {
                    return Err(Error::InvalidRequest(
                        "post_logout_redirect_uri is not registered for this client (or no client was named).".into(),
                    ));
                }
                Some(with_state(uri, request.state.as_deref()))
            }
        };
        let confirmed = matches!((&hint, session), (Some(hint), Some(active)) if hint.sub == active.identity.id);
        Ok(Logout { then, confirmed })
    }
}

fn with_state(uri: &str, state: Option<&str>) -> String {
    match (Url::parse(uri), state) {
        (Ok(mut url), Some(state)) => {
            url.query_pairs_mut().append_pair("state", state);
            url.into()
        }
        _ => uri.to_owned(),
    }
}
