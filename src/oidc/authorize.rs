//! The authorization endpoint: checks what an app asked for, sends the person through sign-in,
//! step-up or consent until their session satisfies it, then hands the app a code.
//!
//! # Security
//! - An unknown client or a redirect URI not registered character for character is answered
//!   here, never redirected (RFC 6749 4.1.2.1): the endpoint is no open redirect.
//! - Every later refusal goes back to the app with `state` and `iss` (RFC 9207), so a client
//!   talking to several providers can tell who answered.
//! - `acr_values=aal2` is met only where policy says the session meets aal2; otherwise the person
//!   steps up with a passkey first. A session that is still below after the step-up (a passkey
//!   still cooling) gets `unmet_authentication_requirements`, never a weaker code and never a loop.
//! - The page round trips carry what they must check in the URL (`latchkey_login_after`,
//!   `latchkey_step_up`); a person editing them can only weaken a demand on their own sign-in,
//!   which the app sees anyway in `auth_time`, `acr` and `amr`.

use serde::Deserialize;
use time::Duration;
use url::Url;
use uuid::Uuid;

use super::Provider;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::policy::{Action, Facts, Level, SessionFacts, decide};
use crate::secret::Secret;
use crate::sessions::ActiveSession;
use crate::store::OAuth2Grant;

/// How long a code may wait to be redeemed.
pub const CODE_LIFESPAN: Duration = Duration::seconds(60);

/// The query of `GET /oauth2/auth`. Unknown parameters are ignored, as OpenID Connect says.
#[derive(Debug, Default, Deserialize)]
pub struct AuthorizationRequest {
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub login_hint: Option<String>,
    pub acr_values: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
    /// Set when latchkey sent the person to sign in again for `prompt=login`: a sign-in at or
    /// after this Unix time satisfies it.
    pub latchkey_login_after: Option<String>,
    /// Set when latchkey sent the person to step up: a second shortfall is an error, not a loop.
    pub latchkey_step_up: Option<String>,
}

impl AuthorizationRequest {
    fn login_after(&self) -> Option<i64> {
        self.latchkey_login_after.as_deref().and_then(|t| t.parse().ok())
    }
}

/// What the browser does next.
#[derive(Debug, PartialEq, Eq)]
pub enum Authorized {
    /// Back to the app's redirect URI with a code, or an error.
    Redirect(String),
    /// To one of latchkey's pages (sign-in, step-up, consent), which come back here afterwards.
    Visit(String),
}

/// A request whose client and redirect URI are known: from here on refusals go back to the app.
struct Checked<'a> {
    client: &'a ClientConfig,
    redirect_uri: &'a str,
    state: Option<&'a str>,
    scopes: Vec<String>,
    prompt: Vec<&'a str>,
    max_age: Option<Duration>,
    wants_aal2: bool,
}

impl Provider {
    /// Answers an authorization request. `query` is the request's query as sent (the pages
    /// come back to it); `session`: the browser's session, with policy's facts about it.
    pub async fn authorize(
        &self,
        request: &AuthorizationRequest,
        query: &str,
        session: Option<(&ActiveSession, SessionFacts)>,
    ) -> Result<Authorized, Error> {
        let (client, redirect_uri) = self.registered(request).await?;
        let checked = match self.check(request, &client, redirect_uri) {
            Ok(checked) => checked,
            Err((code, description)) => {
                return Ok(self.refusal(redirect_uri, request.state.as_deref(), code, description));
            }
        };
        match self.next_step(&checked, request, query, session).await? {
            Ok(step) => Ok(step),
            Err((code, description)) => Ok(self.refusal(redirect_uri, checked.state, code, description)),
        }
    }

    /// The request's client and its redirect URI, when the client exists and registered that URI
    /// exactly; otherwise an error that is shown, never redirected.
    async fn registered<'r>(&self, request: &'r AuthorizationRequest) -> Result<(ClientConfig, &'r str), Error> {
        let client = match request.client_id.as_deref() {
            Some(id) => self.client(id).await?,
            None => None,
        }
        .ok_or_else(|| Error::InvalidRequest("client_id names no client of this provider.".into()))?;
        let redirect_uri = request
            .redirect_uri
            .as_deref()
            .filter(|uri| client.redirect_uris.iter().any(|registered| registered == uri))
            .ok_or_else(|| {
                Error::InvalidRequest("redirect_uri is missing or not registered for this client.".into())
            })?;
        Ok((client, redirect_uri))
    }

    /// The checks whose failure goes back to the app.
    fn check<'a>(
        &self,
        request: &'a AuthorizationRequest,
        client: &'a ClientConfig,
        redirect_uri: &'a str,
    ) -> Result<Checked<'a>, (&'static str, String)> {
        let refuse = |code: &'static str, description: &str| Err((code, description.to_owned()));
        if request.response_type.as_deref() != Some("code") {
            return refuse(
                "unsupported_response_type",
                "only the authorization code flow (response_type=code) is offered",
            );
        }
        if request.response_mode.as_deref().is_some_and(|mode| mode != "query") {
            return refuse("invalid_request", "only response_mode=query is offered");
        }
        if request.request.is_some() {
            return refuse("request_not_supported", "request objects are not supported");
        }
        if request.request_uri.is_some() {
            return refuse("request_uri_not_supported", "request_uri is not supported");
        }
        let mut scopes: Vec<String> = Vec::new();
        for scope in request
            .scope
            .as_deref()
            .unwrap_or_default()
            .split(' ')
            .filter(|s| !s.is_empty())
        {
            if !client.scopes.iter().any(|allowed| allowed == scope) {
                return Err(("invalid_scope", format!("this client may not ask for {scope}")));
            }
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
        if !scopes.iter().any(|s| s == "openid") {
            return refuse("invalid_scope", "scope must include openid");
        }
        let challenge_ok = request.code_challenge.as_deref().is_some_and(is_s256_challenge);
        if request.code_challenge_method.as_deref() != Some("S256") || !challenge_ok {
            return refuse(
                "invalid_request",
                "PKCE is required: code_challenge (43 base64url characters) with code_challenge_method=S256",
            );
        }
        let prompt: Vec<&str> = request
            .prompt
            .as_deref()
            .unwrap_or_default()
            .split(' ')
            .filter(|p| !p.is_empty())
            .collect();
        if prompt.contains(&"none") && prompt.len() > 1 {
            return refuse("invalid_request", "prompt=none cannot be combined with other values");
        }
        let max_age = match request.max_age.as_deref() {
            None => None,
            Some(text) => match text.parse::<u32>() {
                Ok(seconds) => Some(Duration::seconds(seconds.into())),
                Err(_) => return refuse("invalid_request", "max_age must be a whole number of seconds"),
            },
        };
        // Listed in order of preference; a request that also accepts aal1 is met by aal1.
        let acr_values: Vec<&str> = request.acr_values.as_deref().unwrap_or_default().split(' ').collect();
        let wants_aal2 = acr_values.contains(&"aal2") && !acr_values.contains(&"aal1");
        Ok(Checked {
            client,
            redirect_uri,
            state: request.state.as_deref(),
            scopes,
            prompt,
            max_age,
            wants_aal2,
        })
    }

    /// Sign-in, step-up or consent if the session does not satisfy the request yet; else the code.
    async fn next_step(
        &self,
        checked: &Checked<'_>,
        request: &AuthorizationRequest,
        query: &str,
        session: Option<(&ActiveSession, SessionFacts)>,
    ) -> Result<Result<Authorized, (&'static str, String)>, Error> {
        let interactive = !checked.prompt.contains(&"none");
        let Some((active, facts)) = session else {
            return Ok(if interactive {
                Ok(self.visit("/ui/login", query, request, &[]))
            } else {
                Err(("login_required", "nobody is signed in".into()))
            });
        };
        let now = self.clock.now();
        let authenticated_at = active.session.authenticated_at;
        // `prompt=login` and `max_age` ask for a recent sign-in. Once latchkey sent the person to
        // sign in, the marker says since when; a sign-in after it satisfies both (`max_age=0`
        // would otherwise never be met by the time the browser comes back).
        let stale = match request.login_after() {
            Some(after) => authenticated_at.unix_timestamp() < after,
            None => {
                checked.prompt.contains(&"login") || checked.max_age.is_some_and(|max| now - authenticated_at > max)
            }
        };
        let other_person = request
            .login_hint
            .as_deref()
            .is_some_and(|hint| !active.addresses.iter().any(|a| a.value.eq_ignore_ascii_case(hint)));
        // A login hint naming someone else asks for a sign-in once; whoever then signs in is
        // who the app gets (it sees `sub` and `email`), so nobody is sent round again.
        if stale || (other_person && request.login_after().is_none()) {
            return Ok(if interactive {
                let after = ("latchkey_login_after", now.unix_timestamp().to_string());
                Ok(self.visit("/ui/login", query, request, &[after]))
            } else {
                Err(("login_required", "the app asks for a fresh sign-in".into()))
            });
        }
        if checked.wants_aal2 && !decide(&Facts::Session(facts), &Action::MeetLevel(Level::Aal2)).allowed() {
            return Ok(if !interactive {
                Err(("interaction_required", "the app asks for a passkey sign-in".into()))
            } else if request.latchkey_step_up.is_some() {
                Err((
                    "unmet_authentication_requirements",
                    "the session still does not meet aal2 after the step-up".into(),
                ))
            } else {
                let marker = ("latchkey_step_up", "1".to_owned());
                Ok(self.visit("/ui/step-up", query, request, &[marker]))
            });
        }
        if !checked.client.first_party {
            let consented = self
                .store
                .oauth2_consented_scopes(active.identity.id, &checked.client.id)
                .await?;
            let missing = checked.scopes.iter().any(|s| !consented.contains(s));
            if missing || checked.prompt.contains(&"consent") {
                return Ok(if interactive {
                    Ok(self.visit("/ui/consent", query, request, &[]))
                } else {
                    Err((
                        "consent_required",
                        "the person has not let this app have these scopes".into(),
                    ))
                });
            }
        }
        self.issue_code(
            checked,
            request.nonce.as_deref(),
            request.code_challenge.as_deref(),
            active,
        )
        .await
        .map(Ok)
    }

    /// The consent page's answer: where the browser goes next. Allowing remembers the scopes
    /// (audited) and goes back to the request, without its `prompt=consent`; refusing tells the
    /// app `access_denied`.
    pub async fn consent(
        &self,
        request: &AuthorizationRequest,
        query: &str,
        active: &ActiveSession,
        allow: bool,
        origin: &crate::audit::Origin,
    ) -> Result<String, Error> {
        let (client, redirect_uri) = self.registered(request).await?;
        let checked = match self.check(request, &client, redirect_uri) {
            Ok(checked) => checked,
            Err((code, description)) => {
                return Ok(self.refusal_url(redirect_uri, request.state.as_deref(), code, &description));
            }
        };
        if !allow {
            return Ok(self.refusal_url(
                redirect_uri,
                checked.state,
                "access_denied",
                "the person did not allow this app",
            ));
        }
        let now = self.clock.now();
        self.store
            .record_oauth2_consent(active.identity.id, &client.id, &checked.scopes, now)
            .await?;
        self.record(
            crate::audit::Event::by_identity(active.identity.id, crate::audit::Action::OAuth2ConsentGiven)
                .details(serde_json::json!({ "client_id": client.id, "scopes": checked.scopes }))
                .from(origin),
        )
        .await?;
        Ok(format!("/oauth2/auth?{}", rewritten(query, Some("consent"), &[])))
    }

    async fn issue_code(
        &self,
        checked: &Checked<'_>,
        nonce: Option<&str>,
        code_challenge: Option<&str>,
        active: &ActiveSession,
    ) -> Result<Authorized, Error> {
        let now = self.clock.now();
        let code = Secret::generate()?;
        let grant = OAuth2Grant {
            id: Uuid::new_v4(),
            client_id: checked.client.id.clone(),
            identity_id: active.identity.id,
            session_id: active.session.id,
            scopes: checked.scopes.clone(),
            nonce: nonce.map(str::to_owned),
            redirect_uri: checked.redirect_uri.to_owned(),
            code_challenge: code_challenge.unwrap_or_default().to_owned(),
            created_at: now,
            expires_at: now + CODE_LIFESPAN,
            revoked_at: None,
        };
        self.store.insert_oauth2_grant(&grant, &code.hash()).await?;
        Ok(Authorized::Redirect(self.back_to_client(
            checked.redirect_uri,
            &[("code", code.expose())],
            checked.state,
        )))
    }

    /// One of our pages, returning to this request with latchkey's markers replaced by `marks`
    /// (and `prompt=login` dropped once a fresh sign-in is being asked for).
    fn visit(&self, page: &str, query: &str, request: &AuthorizationRequest, marks: &[(&str, String)]) -> Authorized {
        let asks_fresh_login = marks.iter().any(|(k, _)| *k == "latchkey_login_after");
        let mut marks = marks.to_vec();
        // A step-up keeps the sign-in freshness already demanded.
        if let (Some(after), false) = (request.login_after(), asks_fresh_login) {
            marks.push(("latchkey_login_after", after.to_string()));
        }
        let dropped = if asks_fresh_login { Some("login") } else { None };
        let return_to = format!("/oauth2/auth?{}", rewritten(query, dropped, &marks));
        let mut target = url::form_urlencoded::Serializer::new(String::new());
        target.append_pair("return_to", &return_to);
        if let Some(hint) = &request.login_hint {
            target.append_pair("login_hint", hint);
        }
        Authorized::Visit(format!("{page}?{}", target.finish()))
    }

    fn refusal(&self, redirect_uri: &str, state: Option<&str>, code: &str, description: String) -> Authorized {
        Authorized::Redirect(self.refusal_url(redirect_uri, state, code, &description))
    }

    fn refusal_url(&self, redirect_uri: &str, state: Option<&str>, code: &str, description: &str) -> String {
        self.back_to_client(
            redirect_uri,
            &[("error", code), ("error_description", description)],
            state,
        )
    }

    /// The redirect URI with `params`, `state` (echoed) and `iss` added to its query.
    fn back_to_client(&self, redirect_uri: &str, params: &[(&str, &str)], state: Option<&str>) -> String {
        let Ok(mut url) = Url::parse(redirect_uri) else {
            return redirect_uri.to_owned();
        };
        {
            let mut query = url.query_pairs_mut();
            for (key, value) in params {
                query.append_pair(key, value);
            }
            if let Some(state) = state {
                query.append_pair("state", state);
            }
            query.append_pair("iss", &self.issuer);
        }
        url.into()
    }
}

/// `query` without latchkey's markers and without the `prompt` value `dropped`, then `marks`.
fn rewritten(query: &str, dropped: Option<&str>, marks: &[(&str, String)]) -> String {
    let mut back = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if key.starts_with("latchkey_") {
            continue;
        }
        if key == "prompt" && dropped.is_some() {
            let kept: Vec<&str> = value.split(' ').filter(|p| Some(*p) != dropped).collect();
            if !kept.is_empty() {
                back.append_pair("prompt", &kept.join(" "));
            }
            continue;
        }
        back.append_pair(&key, &value);
    }
    for (key, value) in marks {
        back.append_pair(key, value);
    }
    back.finish()
}

/// BASE64URL(SHA-256(verifier)) is 43 characters without padding.
fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
