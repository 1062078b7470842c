//! latchkey as an OpenID Connect provider, driven by a stock relying party: the `openidconnect`
//! crate discovers it, builds the authorization URL, redeems codes, refreshes, verifies ID tokens
//! against the JWKS, calls userinfo, revokes, introspects and logs out. The browser in between is
//! the harness's (cookies, the hosted pages' API calls, a software authenticator).
//!
//! Attacker's view first: someone who intercepts a code (without the verifier, or replaying it),
//! steals a refresh token, swaps the redirect URI, or forges a logout; a restricted session
//! asking for aal2; a session that ends while an app still holds its tokens.

use axum::body::Body;
use axum::http::StatusCode;
use latchkey::clock::Clock;
use latchkey::config::ClientConfig;
use latchkey::tokens::SigningAlg;
use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AccessToken, AuthenticationContextClass, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IdTokenVerifier, IssuerUrl, LoginHint, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, Scope, TokenResponse,
};
use serde_json::{Value, json};
use sha2::Digest;
use time::Duration;
use url::Url;

use crate::on_both_stores;
use crate::policy::{account_with_codes, email_session, set_tier, signed_in};
use crate::support::{Browser, Db, Device, Harness};

on_both_stores!(
    a_stock_client_signs_in_with_a_passkey_and_sees_how,
    without_a_session_the_person_signs_in_first_and_prompt_none_says_login_required,
    acr_values_aal2_sends_an_email_session_through_a_passkey_step_up,
    a_passkey_still_cooling_cannot_meet_acr_aal2,
    authorization_requests_the_conformance_plans_refuse,
    token_requests_the_conformance_plans_refuse,
    a_replayed_code_ends_what_it_issued,
    refresh_tokens_rotate_and_a_replayed_one_ends_the_family,
    tokens_end_with_the_session_and_survive_a_step_up,
    max_age_and_prompt_login_demand_a_fresh_sign_in,
    revocation_and_introspection_follow_the_grant,
    an_app_signs_the_person_out_only_with_proof_and_to_a_registered_address,
    a_third_party_app_asks_for_consent_once,
    tokens_signed_before_a_key_rotation_still_verify,
    the_account_and_admin_pages_list_apps_and_take_their_access_away,
    apps_registered_through_the_admin_api_sign_in_until_removed,
    every_way_in_and_tier_reaches_the_app_as_acr_amr_and_restricted,
    an_app_that_asks_for_eddsa_gets_ed25519_tokens_and_algorithm_tricks_fail,
);

const SECRET: &str = "app-secret-0123456789-0123456789-0123456789";
const CALLBACK: &str = "https://app.example.com/callback";
const BYE: &str = "https://app.example.com/signed-out";

type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

fn client_config(id: &str, secret: Option<&str>, first_party: bool) -> ClientConfig {
    ClientConfig {
        id: id.into(),
        name: format!("The {id} app"),
        secret_hash: secret.map(|s| sha2::Sha256::digest(s.as_bytes()).into()),
        redirect_uris: vec![CALLBACK.into()],
        post_logout_redirect_uris: vec![BYE.into()],
        scopes: vec!["openid".into(), "email".into(), "offline_access".into()],
        first_party,
        signing_alg: SigningAlg::Es256,
    }
}

/// Three apps: `app` (confidential, first party), `spa` (public), `partner` (third party).
fn with_clients(config: &mut latchkey::config::Config) {
    config.oauth2.clients = vec![
        client_config("app", Some(SECRET), true),
        client_config("spa", None, true),
        client_config("partner", Some(SECRET), false),
        ClientConfig {
            signing_alg: SigningAlg::EdDsa,
            ..client_config("ed", Some(SECRET), true)
        },
    ];
}

/// The relying party's HTTP: requests go to the harness's router.
async fn over_router(h: &Harness, request: HttpRequest) -> Result<HttpResponse, std::io::Error> {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let mut builder = axum::http::Request::builder().method(parts.method).uri(path);
    for (name, value) in &parts.headers {
        builder = builder.header(name, value);
    }
    let reply = h.send(builder.body(Body::from(body)).unwrap()).await;
    let mut response = openidconnect::http::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    Ok(response.body(reply.text.into_bytes()).unwrap())
}

/// An app using the `openidconnect` crate against `h`.
struct Rp<'h> {
    h: &'h Harness,
    client: Client,
    metadata: CoreProviderMetadata,
}

/// One authorization request the app made, with what it keeps to check the answer.
struct Attempt {
    url: Url,
    state: CsrfToken,
    nonce: Nonce,
    verifier: PkceCodeVerifier,
}

impl<'h> Rp<'h> {
    async fn discover(h: &'h Harness, id: &str, secret: Option<&str>) -> Self {
        let http = |request| over_router(h, request);
        let metadata =
            CoreProviderMetadata::discover_async(IssuerUrl::new("http://localhost:4433".into()).unwrap(), &http)
                .await
                .unwrap();
        let client = CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(id.into()),
            secret.map(|s| ClientSecret::new(s.into())),
        )
        .set_redirect_uri(RedirectUrl::new(CALLBACK.into()).unwrap());
        Self { h, client, metadata }
    }

    async fn app(h: &'h Harness) -> Self {
        Self::discover(h, "app", Some(SECRET)).await
    }

    /// An authorization request for `openid email offline_access`, shaped by `extra`.
    fn attempt(&self, extra: impl FnOnce(Request<'_>) -> Request<'_>) -> Attempt {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let request = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("offline_access".into()))
            .set_pkce_challenge(challenge);
        let (url, state, nonce) = extra(request).url();
        Attempt {
            url,
            state,
            nonce,
            verifier,
        }
    }

    async fn exchange(&self, code: &str, verifier: PkceCodeVerifier) -> Result<Tokens, String> {
        let http = |request| over_router(self.h, request);
        self.client
            .exchange_code(AuthorizationCode::new(code.into()))
            .unwrap()
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await
            .map_err(describe)
    }

    async fn refresh(&self, token: &RefreshToken) -> Result<Tokens, String> {
        let http = |request| over_router(self.h, request);
        self.client
            .exchange_refresh_token(token)
            .unwrap()
            .request_async(&http)
            .await
            .map_err(describe)
    }

    /// The app verifies the ID token as it would: signature against the JWKS, ES256, audience,
    /// issuer, expiry (at the test's time) and nonce.
    fn id_claims(&self, tokens: &Tokens, nonce: &Nonce) -> openidconnect::core::CoreIdTokenClaims {
        let verifier = self.verifier();
        tokens
            .id_token()
            .expect("an ID token")
            .claims(&verifier, nonce)
            .unwrap_or_else(|e| panic!("the ID token does not verify: {e}"))
            .clone()
    }

    fn verifier(&self) -> IdTokenVerifier<'_, openidconnect::core::CoreJsonWebKey> {
        let now = self.h.clock.now();
        self.client
            .id_token_verifier()
            // What discovery says the provider signs with.
            .set_allowed_algs(vec![
                CoreJwsSigningAlgorithm::EcdsaP256Sha256,
                CoreJwsSigningAlgorithm::EdDsa,
            ])
            .set_time_fn(move || chrono::DateTime::from_timestamp(now.unix_timestamp(), 0).unwrap())
    }

    async fn userinfo(&self, token: &AccessToken) -> Result<Value, String> {
        let http = |request| over_router(self.h, request);
        let claims: openidconnect::core::CoreUserInfoClaims = self
            .client
            .user_info(token.clone(), None)
            .unwrap()
            .request_async(&http)
            .await
            .map_err(|e| format!("{e:?}"))?;
        Ok(serde_json::to_value(claims).unwrap())
    }

    async fn signed_in(&self, browser: &mut Browser<'_>) -> (Tokens, Attempt) {
        let attempt = self.attempt(|r| r);
        let answer = answer_of(browser, &attempt.url).await;
        assert_eq!(
            answer.get("state").map(String::as_str),
            Some(attempt.state.secret().as_str())
        );
        let code = answer.get("code").unwrap_or_else(|| panic!("no code: {answer:?}"));
        let tokens = self
            .exchange(code, PkceCodeVerifier::new(attempt.verifier.secret().clone()))
            .await
            .unwrap();
        (tokens, attempt)
    }
}

type Tokens = openidconnect::core::CoreTokenResponse;
type Request<'a> = openidconnect::AuthorizationRequest<
    'a,
    openidconnect::core::CoreAuthDisplay,
    CoreAuthPrompt,
    openidconnect::core::CoreResponseType,
>;

fn describe<E: std::error::Error + 'static>(
    error: openidconnect::RequestTokenError<
        E,
        openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    >,
) -> String {
    match error {
        openidconnect::RequestTokenError::ServerResponse(response) => response.error().as_ref().to_owned(),
        other => format!("{other:?}"),
    }
}

fn path_of(url: &Url) -> String {
    url[url::Position::BeforePath..].to_owned()
}

/// What the browser ends at after following latchkey's redirects from `url`: the app's callback
/// (its query as a map) — or, with `None`, latchkey asking for a page of its own.
async fn follow(browser: &mut Browser<'_>, url: &Url) -> Result<std::collections::HashMap<String, String>, String> {
    let mut path = path_of(url);
    loop {
        let reply = browser.get(&path).await;
        let location = reply.header("location").to_owned();
        assert!(
            reply.status.is_redirection(),
            "{path} answered {} {}",
            reply.status,
            reply.text
        );
        if location.starts_with("/oauth2/auth?") {
            path = location;
            continue;
        }
        if location.starts_with('/') {
            return Err(location);
        }
        let back = Url::parse(&location).unwrap();
        assert!(location.starts_with(CALLBACK), "redirected to {location}");
        return Ok(back.query_pairs().into_owned().collect());
    }
}

async fn answer_of(browser: &mut Browser<'_>, url: &Url) -> std::collections::HashMap<String, String> {
    follow(browser, url)
        .await
        .unwrap_or_else(|page| panic!("latchkey asked for {page}"))
}

/// The `return_to` of one of latchkey's pages.
fn return_to(page: &str) -> String {
    let url = Url::parse(&format!("http://localhost{page}")).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "return_to")
        .unwrap()
        .1
        .into_owned()
}

async fn passkey_browser<'h>(h: &'h Harness, email: &str, device: &mut Device) -> Browser<'h> {
    let mut browser = h.browser();
    browser.open().await;
    let signed_up = browser.sign_up(email, device).await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.text);
    browser
}

fn amr(claims: &openidconnect::core::CoreIdTokenClaims) -> Vec<String> {
    claims
        .auth_method_refs()
        .map(|refs| refs.iter().map(|r| r.as_str().to_owned()).collect())
        .unwrap_or_default()
}

fn acr(claims: &openidconnect::core::CoreIdTokenClaims) -> String {
    claims
        .auth_context_ref()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default()
}

/// A claim latchkey adds, read from the verified token's payload.
fn extra_claim(tokens: &Tokens, name: &str) -> Value {
    use base64::Engine;
    let token = tokens.id_token().unwrap().to_string();
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    claims.get(name).cloned().unwrap_or(Value::Null)
}

async fn a_stock_client_signs_in_with_a_passkey_and_sees_how(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    assert_eq!(rp.metadata.issuer().as_str(), "http://localhost:4433");
    let mut device = Device::new();
    let mut browser = passkey_browser(&h, "ada@example.com", &mut device).await;

    let attempt = rp.attempt(|r| r);
    let answer = answer_of(&mut browser, &attempt.url).await;
    assert_eq!(answer["state"], *attempt.state.secret(), "state echoed");
    assert_eq!(
        answer["iss"], "http://localhost:4433",
        "RFC 9207: the issuer says it answered"
    );
    let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
    let claims = rp.id_claims(&tokens, &attempt.nonce);

    let whoami = browser.whoami().await.json();
    assert_eq!(claims.subject().as_str(), whoami["identity"]["id"].as_str().unwrap());
    assert_eq!(claims.email().map(|e| e.as_str()), Some("ada@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(acr(&claims), "aal2");
    let methods = amr(&claims);
    assert!(
        methods.contains(&"user".into()) && methods.contains(&"mfa".into()),
        "a user-verified passkey: {methods:?}"
    );
    assert!(
        methods.contains(&"hwk".into()) || methods.contains(&"swk".into()),
        "{methods:?}"
    );
    assert_eq!(
        claims.auth_time().unwrap().timestamp(),
        h.clock.now().unix_timestamp(),
        "auth_time is when the person signed in"
    );
    assert_eq!(extra_claim(&tokens, "sid"), whoami["id"]);
    assert_eq!(extra_claim(&tokens, "restricted"), Value::Null, "said only when true");
    assert!(tokens.refresh_token().is_some(), "offline_access asked and allowed");

    let info = rp.userinfo(tokens.access_token()).await.unwrap();
    assert_eq!(info["sub"], whoami["identity"]["id"]);
    assert_eq!(info["email"], "ada@example.com");
    // The token posted in a form body (RFC 6750 2.2) works too; an ID token is no access token.
    let posted = |token: &str| {
        axum::http::Request::post("/userinfo")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("access_token={token}")))
            .unwrap()
    };
    let by_form = h.send(posted(tokens.access_token().secret())).await;
    assert_eq!(by_form.json()["sub"], whoami["identity"]["id"], "{}", by_form.text);
    let id_token = tokens.id_token().unwrap().to_string();
    let refused = h.send(posted(&id_token)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.header("www-authenticate"), "Bearer error=\"invalid_token\"");

    // The authorization request may come as a form post too.
    let attempt = rp.attempt(|r| r);
    let cookies: Vec<String> = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let reply = h
        .send(
            axum::http::Request::post("/oauth2/auth")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", cookies.join("; "))
                .body(Body::from(attempt.url.query().unwrap().to_owned()))
                .unwrap(),
        )
        .await;
    let location = Url::parse(reply.header("location")).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    assert!(rp.exchange(&code, attempt.verifier).await.is_ok());

    // The public client: no secret, PKCE alone.
    let spa = Rp::discover(&h, "spa", None).await;
    let (tokens, attempt) = spa.signed_in(&mut browser).await;
    assert_eq!(acr(&spa.id_claims(&tokens, &attempt.nonce)), "aal2");
}

async fn without_a_session_the_person_signs_in_first_and_prompt_none_says_login_required(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut device = Device::new();
    passkey_browser(&h, "grace@example.com", &mut device).await;

    let mut browser = h.browser();
    let silent = rp.attempt(|r| r.add_prompt(CoreAuthPrompt::None));
    let answer = answer_of(&mut browser, &silent.url).await;
    assert_eq!(answer["error"], "login_required");
    assert_eq!(answer["state"], *silent.state.secret());
    assert_eq!(answer["iss"], "http://localhost:4433");

    let attempt = rp.attempt(|r| r.set_login_hint(LoginHint::new("grace@example.com".into())));
    let page = follow(&mut browser, &attempt.url).await.unwrap_err();
    assert!(page.starts_with("/ui/login?"), "{page}");
    let login = browser.get(&page).await;
    assert!(
        login.text.contains(r#"value="grace@example.com""#),
        "the login hint fills the email field"
    );
    browser.sign_in(&mut device).await;
    let back = return_to(&page);
    let answer = answer_of(
        &mut browser,
        &Url::parse(&format!("http://localhost:4433{back}")).unwrap(),
    )
    .await;
    let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
    assert_eq!(acr(&rp.id_claims(&tokens, &attempt.nonce)), "aal2");

    // A hint naming someone else asks for a sign-in once; whoever then signs in is who the app
    // gets, and nobody is sent round again.
    h.clock.advance(Duration::seconds(5));
    let attempt = rp.attempt(|r| r.set_login_hint(LoginHint::new("someone.else@example.com".into())));
    let page = follow(&mut browser, &attempt.url).await.unwrap_err();
    assert!(page.starts_with("/ui/login?"), "{page}");
    browser.sign_in(&mut device).await;
    let back = Url::parse(&format!("http://localhost:4433{}", return_to(&page))).unwrap();
    let answer = answer_of(&mut browser, &back).await;
    let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
    let claims = rp.id_claims(&tokens, &attempt.nonce);
    assert_eq!(claims.email().map(|e| e.as_str()), Some("grace@example.com"));
}

async fn acr_values_aal2_sends_an_email_session_through_a_passkey_step_up(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut device = Device::new();
    let (mut browser, _) = email_session(&h, "hedy@example.com", &mut device).await;

    // As it is: an email sign-in of a high-value account, restricted.
    let (tokens, attempt) = rp.signed_in(&mut browser).await;
    let claims = rp.id_claims(&tokens, &attempt.nonce);
    assert_eq!(
        (acr(&claims), amr(&claims)),
        ("aal1".to_owned(), vec!["otp".to_owned()])
    );
    assert_eq!(extra_claim(&tokens, "restricted"), true);

    fn aal2(r: Request<'_>) -> Request<'_> {
        r.add_auth_context_value(AuthenticationContextClass::new("aal2".into()))
    }
    let silent = rp.attempt(|r| aal2(r).add_prompt(CoreAuthPrompt::None));
    assert_eq!(
        answer_of(&mut browser, &silent.url).await["error"],
        "interaction_required"
    );

    let attempt = rp.attempt(aal2);
    let page = follow(&mut browser, &attempt.url).await.unwrap_err();
    assert!(page.starts_with("/ui/step-up?"), "{page}");
    let stepped = browser.step_up(&mut device).await;
    assert_eq!(stepped.status, StatusCode::OK, "{}", stepped.text);
    let back = Url::parse(&format!("http://localhost:4433{}", return_to(&page))).unwrap();
    let answer = answer_of(&mut browser, &back).await;
    let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
    let claims = rp.id_claims(&tokens, &attempt.nonce);
    assert_eq!(acr(&claims), "aal2");
    let methods = amr(&claims);
    for expected in ["otp", "user", "mfa"] {
        assert!(methods.contains(&expected.to_owned()), "{methods:?}");
    }
    assert_eq!(extra_claim(&tokens, "restricted"), Value::Null);
}

async fn a_passkey_still_cooling_cannot_meet_acr_aal2(db: Db) {
    let h = Harness::with_config(db, |c| {
        with_clients(c);
        c.policy.new_passkey_cooldown = Duration::hours(24);
    })
    .await;
    let rp = Rp::app(&h).await;
    let mut first = Device::new();
    let (mut browser, _) = email_session(&h, "cool@example.com", &mut first).await;
    // A passkey saved from the email session: it cools before it counts.
    let mut new = Device::new();
    assert!(browser.add_passkey(&mut new).await.status.is_success());
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    assert_eq!(elsewhere.sign_in(&mut new).await.status, StatusCode::OK);
    assert_eq!(
        elsewhere.whoami().await.json()["restricted"],
        true,
        "the new passkey is cooling"
    );

    let attempt = rp.attempt(|r| r.add_auth_context_value(AuthenticationContextClass::new("aal2".into())));
    let page = follow(&mut elsewhere, &attempt.url).await.unwrap_err();
    assert!(page.starts_with("/ui/step-up?"), "{page}");
    assert_eq!(elsewhere.step_up(&mut new).await.status, StatusCode::OK);
    let back = Url::parse(&format!("http://localhost:4433{}", return_to(&page))).unwrap();
    let answer = answer_of(&mut elsewhere, &back).await;
    assert_eq!(
        answer.get("error").map(String::as_str),
        Some("unmet_authentication_requirements"),
        "no weaker code and no loop: {answer:?}"
    );
    assert!(!answer.contains_key("code"));
}

/// A raw authorization request, as an attacker would craft it.
fn authorization(params: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        query.append_pair(k, v);
    }
    format!("/oauth2/auth?{}", query.finish())
}

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn valid(overrides: &[(&'static str, Option<&'static str>)]) -> Vec<(&'static str, &'static str)> {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", "app"),
        ("redirect_uri", CALLBACK),
        ("scope", "openid email"),
        ("state", "st-1"),
        ("nonce", "n-1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    for (key, value) in overrides {
        params.retain(|(k, _)| k != key);
        if let Some(value) = value {
            params.push((key, value));
        }
    }
    params
}

async fn authorization_requests_the_conformance_plans_refuse(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let mut browser = passkey_browser(&h, "eve@example.com", &mut Device::new()).await;

    // Never redirected: the client or its redirect URI cannot be trusted.
    for (case, overrides) in [
        ("unknown client", vec![("client_id", Some("nobody"))]),
        ("no client", vec![("client_id", None)]),
        ("no redirect URI", vec![("redirect_uri", None)]),
        (
            "another host",
            vec![("redirect_uri", Some("https://evil.example.com/callback"))],
        ),
        (
            "a trailing slash",
            vec![("redirect_uri", Some("https://app.example.com/callback/"))],
        ),
        (
            "an added query",
            vec![("redirect_uri", Some("https://app.example.com/callback?x=1"))],
        ),
        (
            "http for https",
            vec![("redirect_uri", Some("http://app.example.com/callback"))],
        ),
        (
            "another path",
            vec![("redirect_uri", Some("https://app.example.com/callback/../evil"))],
        ),
    ] {
        let reply = browser.get(&authorization(&valid(&overrides))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{case}: {}", reply.text);
        assert_eq!(reply.header("location"), "", "{case}: redirected");
    }
    let twice = format!("{}&scope=openid", authorization(&valid(&[])));
    assert_eq!(
        browser.get(&twice).await.status,
        StatusCode::BAD_REQUEST,
        "a parameter given twice"
    );

    // Back to the app with an error, the state and the issuer.
    for (case, overrides, error) in [
        (
            "no PKCE",
            vec![("code_challenge", None), ("code_challenge_method", None)],
            "invalid_request",
        ),
        (
            "PKCE plain",
            vec![("code_challenge_method", Some("plain"))],
            "invalid_request",
        ),
        (
            "PKCE method missing",
            vec![("code_challenge_method", None)],
            "invalid_request",
        ),
        (
            "a short challenge",
            vec![("code_challenge", Some("abc"))],
            "invalid_request",
        ),
        (
            "implicit flow",
            vec![("response_type", Some("token"))],
            "unsupported_response_type",
        ),
        (
            "hybrid flow",
            vec![("response_type", Some("code id_token"))],
            "unsupported_response_type",
        ),
        ("no openid scope", vec![("scope", Some("email"))], "invalid_scope"),
        (
            "a scope not allowed",
            vec![("scope", Some("openid admin"))],
            "invalid_scope",
        ),
        (
            "a fragment response",
            vec![("response_mode", Some("fragment"))],
            "invalid_request",
        ),
        (
            "prompt none with login",
            vec![("prompt", Some("none login"))],
            "invalid_request",
        ),
        (
            "max_age not a number",
            vec![("max_age", Some("soon"))],
            "invalid_request",
        ),
        (
            "a request object",
            vec![("request", Some("eyJ..."))],
            "request_not_supported",
        ),
    ] {
        let reply = browser.get(&authorization(&valid(&overrides))).await;
        let location = reply.header("location");
        assert!(location.starts_with(CALLBACK), "{case}: {} {location}", reply.status);
        let answer: std::collections::HashMap<String, String> =
            Url::parse(location).unwrap().query_pairs().into_owned().collect();
        assert_eq!(answer["error"], error, "{case}");
        assert_eq!(answer["state"], "st-1", "{case}");
        assert_eq!(answer["iss"], "http://localhost:4433", "{case}");
        assert!(!answer.contains_key("code"), "{case}");
    }
}

async fn token_requests_the_conformance_plans_refuse(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "mallory@example.com", &mut Device::new()).await;
    // A wrong verifier, and then the right one: the code is spent by the first try.
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let (_, wrong) = PkceCodeChallenge::new_random_sha256();
    assert_eq!(rp.exchange(&code, wrong).await.unwrap_err(), "invalid_grant");
    assert_eq!(rp.exchange(&code, attempt.verifier).await.unwrap_err(), "invalid_grant");

    // Expired: a code lives 60 seconds.
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    h.clock.advance(Duration::seconds(61));
    assert_eq!(rp.exchange(&code, attempt.verifier).await.unwrap_err(), "invalid_grant");

    // Another client presents the code (with the right verifier).
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let spa = Rp::discover(&h, "spa", None).await;
    assert_eq!(
        spa.exchange(&code, attempt.verifier).await.unwrap_err(),
        "invalid_grant"
    );

    // The wrong secret, no secret, or a secret for the public client.
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let wrong_secret = Rp::discover(&h, "app", Some("not-the-secret-0123456789-0123456789")).await;
    let verifier = || PkceCodeVerifier::new(attempt.verifier.secret().clone());
    assert_eq!(
        wrong_secret.exchange(&code, verifier()).await.unwrap_err(),
        "invalid_client"
    );
    let no_secret = Rp::discover(&h, "app", None).await;
    assert_eq!(
        no_secret.exchange(&code, verifier()).await.unwrap_err(),
        "invalid_client"
    );
    let spa_with_secret = Rp::discover(&h, "spa", Some(SECRET)).await;
    assert_eq!(
        spa_with_secret.exchange(&code, verifier()).await.unwrap_err(),
        "invalid_client"
    );
    // Client authentication failed before the code was looked at: it still works.
    assert!(rp.exchange(&code, verifier()).await.is_ok());

    // Raw requests: a wrong redirect URI, a missing verifier, a grant type not offered.
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let form = |fields: &[(&str, &str)]| {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            body.append_pair(k, v);
        }
        axum::http::Request::post("/oauth2/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.finish()))
            .unwrap()
    };
    let credentials = [("client_id", "app"), ("client_secret", SECRET)];
    let missing = h
        .send(form(
            &[
                &credentials[..],
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CALLBACK),
                ],
            ]
            .concat(),
        ))
        .await;
    assert_eq!(
        (missing.status, missing.json()["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );
    let elsewhere = h
        .send(form(
            &[
                &credentials[..],
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", "https://app.example.com/other"),
                    ("code_verifier", attempt.verifier.secret()),
                ],
            ]
            .concat(),
        ))
        .await;
    assert_eq!(elsewhere.json()["error"], "invalid_grant", "{}", elsewhere.text);
    assert_eq!(elsewhere.header("cache-control"), "no-store");
    // A single-page app (public client) on its own origin may call the token endpoint: no
    // cookies are involved, so any origin may. Introspection is for servers only.
    for (path, allowed) in [
        ("/oauth2/token", true),
        ("/userinfo", true),
        ("/oauth2/introspect", false),
        ("/sessions/whoami", false),
    ] {
        let preflight = h
            .send(
                axum::http::Request::builder()
                    .method("OPTIONS")
                    .uri(path)
                    .header("origin", "https://spa.example.com")
                    .header("access-control-request-method", "POST")
                    .header("access-control-request-headers", "content-type, authorization")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(
            preflight.header("access-control-allow-origin") == "https://spa.example.com",
            allowed,
            "{path}: {preflight:?}"
        );
        assert_eq!(
            preflight.header("access-control-allow-credentials"),
            "",
            "{path}: never with cookies"
        );
        assert_eq!(
            !preflight.header("vary").is_empty(),
            allowed,
            "{path}: only the cross-origin paths pass through the CORS layer"
        );
    }
    let implicit = h
        .send(form(&[&credentials[..], &[("grant_type", "password")]].concat()))
        .await;
    assert_eq!(implicit.json()["error"], "unsupported_grant_type");
    let basic_and_post = h
        .send(
            axum::http::Request::post("/oauth2/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .header(
                    "authorization",
                    format!("Basic {}", base64_of(&format!("app:{SECRET}"))),
                )
                .body(Body::from(format!(
                    "grant_type=refresh_token&refresh_token=x&client_secret={SECRET}"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (basic_and_post.status, basic_and_post.json()["error"].clone()),
        (StatusCode::UNAUTHORIZED, json!("invalid_client")),
        "two authentication methods at once"
    );
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

async fn a_replayed_code_ends_what_it_issued(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "replay@example.com", &mut Device::new()).await;
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let verifier = PkceCodeVerifier::new(attempt.verifier.secret().clone());
    let first = rp.exchange(&code, attempt.verifier).await.unwrap();
    let grants = h.store.dump_table("oauth2_grants").await.unwrap().join("\n");
    assert!(!grants.contains(code.as_str()), "a code stored in the clear");

    // An attacker replays the intercepted code (with the verifier too): refused, and the tokens
    // the first redemption issued stop working.
    assert_eq!(rp.exchange(&code, verifier).await.unwrap_err(), "invalid_grant");
    assert_eq!(
        rp.refresh(first.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );
    assert!(
        rp.userinfo(first.access_token()).await.is_err(),
        "the access token is refused too"
    );

    // Racing redemptions: exactly one wins.
    let attempt = rp.attempt(|r| r);
    let code = answer_of(&mut browser, &attempt.url).await["code"].clone();
    let verifier = attempt.verifier.secret().clone();
    let requests = (0..8)
        .map(|_| {
            let body = format!(
                "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={verifier}&client_id=app&client_secret={SECRET}",
                url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>()
            );
            axum::http::Request::post("/oauth2/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap()
        })
        .collect();
    let replies = h.send_concurrently(requests).await;
    let won = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(won, 1, "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
}

async fn refresh_tokens_rotate_and_a_replayed_one_ends_the_family(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "rotate@example.com", &mut Device::new()).await;
    let (tokens, attempt) = rp.signed_in(&mut browser).await;
    let first = tokens.refresh_token().unwrap().clone();
    // At rest only hashes: a database reader holds nothing to present.
    let rows = [
        h.store.dump_table("oauth2_grants").await.unwrap(),
        h.store.dump_table("oauth2_refresh_tokens").await.unwrap(),
    ]
    .concat()
    .join("\n");
    assert!(!rows.is_empty());
    assert!(
        !rows.contains(first.secret().as_str()),
        "a refresh token stored in the clear"
    );

    h.clock.advance(Duration::minutes(10));
    let second = rp.refresh(&first).await.unwrap();
    let next = second.refresh_token().unwrap().clone();
    assert_ne!(next.secret(), first.secret(), "rotated");
    let claims = rp.id_claims(&second, &attempt.nonce);
    assert_eq!(
        acr(&claims),
        "aal2",
        "a refreshed ID token still says how the person signed in"
    );
    assert!(rp.userinfo(second.access_token()).await.is_ok());

    // A thief replays the first token: refused, and the family ends for the app as well.
    assert_eq!(rp.refresh(&first).await.unwrap_err(), "invalid_grant");
    assert_eq!(rp.refresh(&next).await.unwrap_err(), "invalid_grant");
    assert!(rp.userinfo(second.access_token()).await.is_err());
    let audit = h
        .admin("Auditor", "admin")
        .await
        .get("/admin/audit?action=oauth2.grant_revoked")
        .await;
    assert!(audit.text.contains("refresh_reused"), "{}", audit.text);

    // Another client cannot use the app's refresh token, and its attempt does not spend it.
    let (tokens, _) = rp.signed_in(&mut browser).await;
    let token = tokens.refresh_token().unwrap();
    let spa = Rp::discover(&h, "spa", None).await;
    assert_eq!(spa.refresh(token).await.unwrap_err(), "invalid_grant");
    assert!(rp.refresh(token).await.is_ok(), "still the app's to use");

    // No offline_access, no refresh token.
    let attempt = rp.attempt(|r| r);
    let mut url = attempt.url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "scope" {
                (k, "openid email".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let code = answer_of(&mut browser, &url).await["code"].clone();
    let tokens = rp.exchange(&code, attempt.verifier).await.unwrap();
    assert!(tokens.refresh_token().is_none());
}

async fn tokens_end_with_the_session_and_survive_a_step_up(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    for ending in [
        "sign_out",
        "admin_revokes_sessions",
        "identity_deactivated",
        "recovery",
        "step_up",
    ] {
        let email = format!("{ending}@example.com");
        let mut device = Device::new();
        let mut browser = passkey_browser(&h, &email, &mut device).await;
        let (tokens, _) = rp.signed_in(&mut browser).await;
        let identity = browser.whoami().await.json()["identity"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let admin = h.admin(&format!("Desk {ending}"), "admin").await;
        match ending {
            "sign_out" => {
                assert!(
                    browser
                        .post("/self-service/logout", json!({}))
                        .await
                        .status
                        .is_success()
                );
            }
            "admin_revokes_sessions" => {
                let revoked = admin
                    .call(
                        axum::http::Method::DELETE,
                        &format!("/admin/identities/{identity}/sessions"),
                        None,
                    )
                    .await;
                assert!(revoked.status.is_success(), "{}", revoked.text);
            }
            "identity_deactivated" => {
                let changed = admin
                    .patch(&format!("/admin/identities/{identity}"), json!({ "state": "inactive" }))
                    .await;
                assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
            }
            "recovery" => {
                // Support recovers the account; saving the new passkey ends every other session.
                let mut recovering = signed_in(&h, "recovery", &email, &mut device, &[]).await;
                assert!(recovering.add_passkey(&mut Device::new()).await.status.is_success());
            }
            "step_up" => {
                assert_eq!(browser.step_up(&mut device).await.status, StatusCode::OK);
            }
            _ => unreachable!(),
        }
        let refreshed = rp.refresh(tokens.refresh_token().unwrap()).await;
        let userinfo = rp.userinfo(tokens.access_token()).await;
        if ending == "step_up" {
            assert!(refreshed.is_ok(), "a step-up replaces the session, it does not end it");
            assert!(userinfo.is_ok(), "{userinfo:?}");
        } else {
            assert_eq!(refreshed.unwrap_err(), "invalid_grant", "{ending}");
            assert!(userinfo.is_err(), "{ending}: the access token outlived its session");
        }
    }
}

async fn max_age_and_prompt_login_demand_a_fresh_sign_in(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut device = Device::new();
    let mut browser = passkey_browser(&h, "fresh@example.com", &mut device).await;
    h.clock.advance(Duration::minutes(30));

    let recent = rp.attempt(|r| r.set_max_age(std::time::Duration::from_secs(3600)));
    assert!(answer_of(&mut browser, &recent.url).await.contains_key("code"));

    let silent = rp.attempt(|r| {
        r.set_max_age(std::time::Duration::from_secs(600))
            .add_prompt(CoreAuthPrompt::None)
    });
    assert_eq!(answer_of(&mut browser, &silent.url).await["error"], "login_required");

    for demand in ["max_age", "max_age_0", "prompt_login"] {
        let attempt = rp.attempt(|r| match demand {
            "max_age" => r.set_max_age(std::time::Duration::from_secs(600)),
            "max_age_0" => r.set_max_age(std::time::Duration::ZERO),
            _ => r.add_prompt(CoreAuthPrompt::Login),
        });
        let page = follow(&mut browser, &attempt.url).await.unwrap_err();
        assert!(page.starts_with("/ui/login?"), "{demand}: {page}");
        let back = Url::parse(&format!("http://localhost:4433{}", return_to(&page))).unwrap();
        // Coming back without signing in again gets the sign-in page again, not a code.
        h.clock.advance(Duration::seconds(5));
        assert!(
            follow(&mut browser, &back).await.is_err(),
            "{demand}: skipped the fresh sign-in"
        );
        browser.sign_in(&mut device).await;
        let signed_in_at = h.clock.now().unix_timestamp();
        // The way back takes a moment: the fresh sign-in still counts (max_age=0 too).
        h.clock.advance(Duration::seconds(2));
        let answer = answer_of(&mut browser, &back).await;
        let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
        let claims = rp.id_claims(&tokens, &attempt.nonce);
        assert_eq!(
            claims.auth_time().unwrap().timestamp(),
            signed_in_at,
            "{demand}: auth_time is the fresh sign-in"
        );
        h.clock.advance(Duration::minutes(30));
    }
}

async fn revocation_and_introspection_follow_the_grant(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "intro@example.com", &mut Device::new()).await;
    let (tokens, _) = rp.signed_in(&mut browser).await;
    let form = |client: &str, secret: Option<&str>, path: &str, token: &str| {
        let mut body = format!("token={token}&client_id={client}");
        if let Some(secret) = secret {
            body.push_str(&format!("&client_secret={secret}"));
        }
        axum::http::Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let access = tokens.access_token().secret().clone();
    let refresh = tokens.refresh_token().unwrap().secret().clone();

    let described = h
        .send(form("partner", Some(SECRET), "/oauth2/introspect", &access))
        .await
        .json();
    assert_eq!(
        described["active"], true,
        "a resource server (confidential client) may introspect"
    );
    assert_eq!(described["client_id"], "app");
    assert_eq!(described["acr"], "aal2");
    assert_eq!(described["scope"], "openid email offline_access");
    let public = h.send(form("spa", None, "/oauth2/introspect", &access)).await;
    assert_eq!(
        public.status,
        StatusCode::UNAUTHORIZED,
        "public clients cannot introspect"
    );
    let wrong = h
        .send(form(
            "partner",
            Some("wrong-secret-0123456789-0123456789"),
            "/oauth2/introspect",
            &access,
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let own = h
        .send(form("app", Some(SECRET), "/oauth2/introspect", &refresh))
        .await
        .json();
    assert_eq!(own["active"], true);
    let others = h
        .send(form("partner", Some(SECRET), "/oauth2/introspect", &refresh))
        .await
        .json();
    assert_eq!(
        others["active"], false,
        "a refresh token is described only to its client"
    );
    let junk = h
        .send(form("app", Some(SECRET), "/oauth2/introspect", "junk"))
        .await
        .json();
    assert_eq!(junk, json!({ "active": false }));

    // Revoking another client's token does nothing; revoking its own ends the grant.
    assert_eq!(
        h.send(form("spa", None, "/oauth2/revoke", &refresh)).await.status,
        StatusCode::OK
    );
    assert!(rp.userinfo(tokens.access_token()).await.is_ok());
    assert_eq!(
        h.send(form("app", Some(SECRET), "/oauth2/revoke", &refresh))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );
    assert!(rp.userinfo(tokens.access_token()).await.is_err());
    let described = h
        .send(form("partner", Some(SECRET), "/oauth2/introspect", &access))
        .await
        .json();
    assert_eq!(described["active"], false);

    // An access token revoked ends its grant too.
    let (tokens, _) = rp.signed_in(&mut browser).await;
    let access = tokens.access_token().secret().clone();
    assert_eq!(
        h.send(form("app", Some(SECRET), "/oauth2/revoke", &access))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );

    // Expired access tokens are refused.
    let (tokens, _) = rp.signed_in(&mut browser).await;
    h.clock.advance(Duration::minutes(6));
    assert!(rp.userinfo(tokens.access_token()).await.is_err());
}

async fn an_app_signs_the_person_out_only_with_proof_and_to_a_registered_address(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "bye@example.com", &mut Device::new()).await;
    let (tokens, _) = rp.signed_in(&mut browser).await;
    let hint = tokens.id_token().unwrap().to_string();
    let logout = |params: &[(&str, &str)]| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in params {
            query.append_pair(k, v);
        }
        format!("/oauth2/sessions/logout?{}", query.finish())
    };

    let elsewhere = browser
        .get(&logout(&[
            ("id_token_hint", &hint),
            ("post_logout_redirect_uri", "https://evil.example.com/"),
        ]))
        .await;
    assert_eq!(elsewhere.status, StatusCode::BAD_REQUEST, "an unregistered address");
    let forged = browser
        .get(&logout(&[
            ("id_token_hint", "eyJhbGciOiJub25lIn0.e30."),
            ("post_logout_redirect_uri", BYE),
        ]))
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "a hint not signed here");

    // No hint (a link on any site): the person is asked, and stays signed in meanwhile.
    let asked = browser
        .get(&logout(&[("client_id", "app"), ("post_logout_redirect_uri", BYE)]))
        .await;
    assert!(
        asked.header("location").starts_with("/ui/logout?"),
        "{}",
        asked.header("location")
    );
    let page = browser.get(asked.header("location")).await;
    assert!(page.text.contains("Sign out of"), "{}", page.text);
    assert_eq!(browser.whoami().await.status, StatusCode::OK);

    let done = browser
        .get(&logout(&[
            ("id_token_hint", &hint),
            ("post_logout_redirect_uri", BYE),
            ("state", "s-9"),
        ]))
        .await;
    assert_eq!(done.header("location"), format!("{BYE}?state=s-9"));
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED, "signed out");
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );

    // The confirmation page's button.
    let mut device = Device::new();
    let mut other = passkey_browser(&h, "confirm@example.com", &mut device).await;
    let confirmed = other
        .post(
            "/oauth2/sessions/logout",
            json!({ "client_id": "app", "post_logout_redirect_uri": BYE }),
        )
        .await;
    assert_eq!(confirmed.json()["redirect_to"], BYE, "{}", confirmed.text);
    assert_eq!(other.whoami().await.status, StatusCode::UNAUTHORIZED);
}

async fn a_third_party_app_asks_for_consent_once(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let partner = Rp::discover(&h, "partner", Some(SECRET)).await;
    let mut browser = passkey_browser(&h, "consent@example.com", &mut Device::new()).await;

    let silent = partner.attempt(|r| r.add_prompt(CoreAuthPrompt::None));
    assert_eq!(answer_of(&mut browser, &silent.url).await["error"], "consent_required");

    let attempt = partner.attempt(|r| r);
    let page = follow(&mut browser, &attempt.url).await.unwrap_err();
    assert!(page.starts_with("/ui/consent?"), "{page}");
    let shown = browser.get(&page).await;
    assert!(shown.text.contains("The partner app"), "{}", shown.text);
    assert!(shown.text.contains("your email address"), "{}", shown.text);
    let authorization = return_to(&page);

    let denied = browser
        .post(
            "/self-service/oauth2/consent",
            json!({ "return_to": authorization, "allow": false }),
        )
        .await;
    let to = denied.json()["redirect_to"].as_str().unwrap().to_owned();
    assert!(to.starts_with(CALLBACK) && to.contains("error=access_denied"), "{to}");

    let allowed = browser
        .post(
            "/self-service/oauth2/consent",
            json!({ "return_to": authorization, "allow": true }),
        )
        .await;
    let back = allowed.json()["redirect_to"].as_str().unwrap().to_owned();
    let answer = answer_of(
        &mut browser,
        &Url::parse(&format!("http://localhost:4433{back}")).unwrap(),
    )
    .await;
    assert!(partner.exchange(&answer["code"], attempt.verifier).await.is_ok());

    // Remembered: the next request goes straight through, even silently.
    let again = partner.attempt(|r| r.add_prompt(CoreAuthPrompt::None));
    assert!(answer_of(&mut browser, &again.url).await.contains_key("code"));
    let audit = h
        .admin("Auditor", "admin")
        .await
        .get("/admin/audit?action=oauth2.consent_given")
        .await;
    assert!(audit.text.contains("partner"), "{}", audit.text);

    // First-party apps never ask.
    let app = Rp::app(&h).await;
    let direct = app.attempt(|r| r.add_prompt(CoreAuthPrompt::Consent));
    assert!(answer_of(&mut browser, &direct.url).await.contains_key("code"));
}

async fn tokens_signed_before_a_key_rotation_still_verify(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "rotation@example.com", &mut Device::new()).await;
    let (before, attempt) = rp.signed_in(&mut browser).await;
    h.app.tokens.rotate().await.unwrap();

    // The app fetches the JWKS again (as after its cache expired): old and new tokens verify.
    let rp = Rp::app(&h).await;
    rp.id_claims(&before, &attempt.nonce);
    let (after, attempt) = rp.signed_in(&mut browser).await;
    rp.id_claims(&after, &attempt.nonce);
    let kid = |tokens: &Tokens| {
        let header = tokens.id_token().unwrap().to_string();
        jsonwebtoken::decode_header(&header).unwrap().kid.unwrap()
    };
    assert_ne!(kid(&before), kid(&after), "the new key signs");
    assert!(
        rp.userinfo(before.access_token()).await.is_ok(),
        "the old key's access token is still accepted"
    );
}

/// Signs `browser` in to the partner app, allowing it on the consent page.
async fn consented(h: &Harness, browser: &mut Browser<'_>) -> Tokens {
    let partner = Rp::discover(h, "partner", Some(SECRET)).await;
    let attempt = partner.attempt(|r| r);
    let page = follow(browser, &attempt.url).await.unwrap_err();
    let allowed = browser
        .post(
            "/self-service/oauth2/consent",
            json!({ "return_to": return_to(&page), "allow": true }),
        )
        .await;
    let back = allowed.json()["redirect_to"].as_str().unwrap().to_owned();
    let answer = answer_of(browser, &Url::parse(&format!("http://localhost:4433{back}")).unwrap()).await;
    partner.exchange(&answer["code"], attempt.verifier).await.unwrap()
}

async fn the_account_and_admin_pages_list_apps_and_take_their_access_away(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    let partner = Rp::discover(&h, "partner", Some(SECRET)).await;
    let mut device = Device::new();
    let mut browser = passkey_browser(&h, "apps@example.com", &mut device).await;
    let (app_tokens, _) = rp.signed_in(&mut browser).await;
    let partner_tokens = consented(&h, &mut browser).await;

    let apps = browser.get("/self-service/settings/apps").await.json()["apps"].clone();
    assert_eq!(apps[0]["client_id"], "app");
    assert_eq!(apps[0]["name"], "The app app");
    assert_eq!(apps[0]["active_grants"], 1);
    assert_eq!(
        apps[0]["consented_scopes"],
        json!([]),
        "a first-party app is never asked"
    );
    assert_eq!(apps[1]["client_id"], "partner");
    assert_eq!(
        apps[1]["consented_scopes"],
        json!(["email", "offline_access", "openid"])
    );
    let page = browser.get("/ui/settings").await.text;
    assert!(
        page.contains("The partner app") && page.contains("Remove access"),
        "{page}"
    );

    // A restricted session of the same person may not take access away.
    let mut other = Device::new();
    let (mut limited, _) = email_session(&h, "limited@example.com", &mut other).await;
    let refused = limited
        .call(axum::http::Method::DELETE, "/self-service/settings/apps/app", json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);

    // The person removes the partner's access: its tokens stop, and it asks consent again.
    let removed = browser
        .call(
            axum::http::Method::DELETE,
            "/self-service/settings/apps/partner",
            json!({}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    assert_eq!(
        partner
            .refresh(partner_tokens.refresh_token().unwrap())
            .await
            .unwrap_err(),
        "invalid_grant"
    );
    let silent = partner.attempt(|r| r.add_prompt(CoreAuthPrompt::None));
    assert_eq!(answer_of(&mut browser, &silent.url).await["error"], "consent_required");
    assert!(
        rp.refresh(app_tokens.refresh_token().unwrap()).await.is_ok(),
        "the other app is untouched"
    );
    let again = browser
        .call(
            axum::http::Method::DELETE,
            "/self-service/settings/apps/partner",
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // Support takes the app's access away.
    let identity = browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let support = h.admin("Support desk", "support").await;
    let listed = support.get(&format!("/admin/identities/{identity}/apps")).await.json();
    assert_eq!(listed["apps"][0]["client_id"], "app");
    let (tokens, _) = rp.signed_in(&mut browser).await;
    let forgot = support
        .call(
            axum::http::Method::DELETE,
            &format!("/admin/identities/{identity}/apps/app"),
            None,
        )
        .await;
    assert_eq!(forgot.status, StatusCode::NO_CONTENT, "{}", forgot.text);
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );
    assert!(rp.userinfo(tokens.access_token()).await.is_err());
    let audit = h
        .admin("Auditor", "admin")
        .await
        .get("/admin/audit?action=oauth2.grant_revoked")
        .await;
    assert!(
        audit.text.contains("revoked_by_admin") && audit.text.contains("revoked_by_user"),
        "{}",
        audit.text
    );
    let listed = support.get(&format!("/admin/identities/{identity}/apps")).await.json();
    assert_eq!(listed["apps"], json!([]));
    let unknown = support
        .get(&format!("/admin/identities/{}/apps", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn apps_registered_through_the_admin_api_sign_in_until_removed(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let admin = h.admin("Platform", "admin").await;
    let support = h.admin("Desk", "support").await;
    let wiki = json!({
        "id": "wiki",
        "name": "Team wiki",
        "confidential": true,
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [BYE],
        "scopes": ["openid", "email", "offline_access"],
        "first_party": true,
    });
    let refused = support.post("/admin/oauth2/clients", wiki.clone()).await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "support keys do not register apps"
    );

    let registered = admin.post("/admin/oauth2/clients", wiki.clone()).await;
    assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.text);
    let secret = registered.json()["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 43, "256 bits, base64url");
    let stored = h.store.dump_table("oauth2_clients").await.unwrap().join("\n");
    assert!(
        stored.contains("wiki") && !stored.contains(&secret),
        "stored hashed: {stored}"
    );
    let listed = support.get("/admin/oauth2/clients").await;
    assert!(!listed.text.contains(&secret), "the secret is shown once");
    let sources: Vec<(String, String)> = listed.json()["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(sources.contains(&("app".into(), "config".into())) && sources.contains(&("wiki".into(), "admin".into())));

    for (case, body, problem) in [
        ("the same id", wiki.clone(), "exists"),
        (
            "a configured id",
            json!({ "id": "app", "confidential": false, "redirect_uris": [CALLBACK] }),
            "exists",
        ),
        (
            "plain http elsewhere",
            json!({ "id": "x", "confidential": false, "redirect_uris": ["http://x.example.com/cb"] }),
            "client.redirect_uris[0]",
        ),
        (
            "an unknown scope",
            json!({ "id": "y", "confidential": false, "redirect_uris": [CALLBACK], "scopes": ["openid", "admin"] }),
            "client.scopes",
        ),
    ] {
        let reply = admin.post("/admin/oauth2/clients", body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{case}");
        assert!(reply.text.contains(problem), "{case}: {}", reply.text);
    }

    // The registered app signs people in like a configured one.
    let rp = Rp::discover(&h, "wiki", Some(&secret)).await;
    let mut browser = passkey_browser(&h, "wiki@example.com", &mut Device::new()).await;
    let (tokens, _) = rp.signed_in(&mut browser).await;

    // A new secret: the old one stops at once.
    let rotated = admin.post("/admin/oauth2/clients/wiki/secret", json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let new_secret = rotated.json()["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_client"
    );
    let rp = Rp::discover(&h, "wiki", Some(&new_secret)).await;
    let tokens = rp.refresh(tokens.refresh_token().unwrap()).await.unwrap();
    let configured = admin.post("/admin/oauth2/clients/app/secret", json!({})).await;
    assert_eq!(
        configured.status,
        StatusCode::BAD_REQUEST,
        "configured clients change in the file"
    );

    // Removed: its tokens stop, and it is unknown to the authorization endpoint.
    assert_eq!(
        support
            .call(axum::http::Method::DELETE, "/admin/oauth2/clients/wiki", None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let removed = admin
        .call(axum::http::Method::DELETE, "/admin/oauth2/clients/wiki", None)
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_client"
    );
    assert!(
        rp.userinfo(tokens.access_token()).await.is_err(),
        "its access tokens stop too"
    );
    let attempt = rp.attempt(|r| r);
    assert_eq!(
        browser.get(&path_of(&attempt.url)).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin
            .call(axum::http::Method::DELETE, "/admin/oauth2/clients/app", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin
            .call(axum::http::Method::DELETE, "/admin/oauth2/clients/wiki", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let audit = admin.get("/admin/audit").await.text;
    for action in [
        "oauth2.client_registered",
        "oauth2.client_secret_rotated",
        "oauth2.client_removed",
    ] {
        assert!(audit.contains(action), "{action} audited");
    }

    // Registered again under the same id, it starts from nothing: the old grants stay ended.
    let again = admin.post("/admin/oauth2/clients", wiki).await;
    let rp = Rp::discover(&h, "wiki", Some(again.json()["client_secret"].as_str().unwrap())).await;
    assert_eq!(
        rp.refresh(tokens.refresh_token().unwrap()).await.unwrap_err(),
        "invalid_grant"
    );
}

/// The table of what an app sees, generated over every way in and tier: acr is policy's answer,
/// amr says how, `restricted` says when the session is limited; a recovery session (enrolment
/// only) authorizes no app.
async fn every_way_in_and_tier_reaches_the_app_as_acr_amr_and_restricted(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let rp = Rp::app(&h).await;
    for tier in ["standard", "high_value"] {
        for way in ["passkey", "code", "backup_code", "recovery"] {
            let email = format!("{way}.{tier}@example.com");
            let mut device = Device::new();
            let (codes, _) = account_with_codes(&h, &email, &mut device).await;
            set_tier(&h, &email, tier).await;
            let mut browser = signed_in(&h, way, &email, &mut device, &codes).await;
            let attempt = rp.attempt(|r| r);
            if way == "recovery" {
                let refused = browser.get(&path_of(&attempt.url)).await;
                assert_eq!(refused.status, StatusCode::FORBIDDEN, "{way} {tier}: {}", refused.text);
                assert_eq!(refused.error_id(), "session_enrolment_required");
                continue;
            }
            let answer = answer_of(&mut browser, &attempt.url).await;
            let tokens = rp.exchange(&answer["code"], attempt.verifier).await.unwrap();
            let claims = rp.id_claims(&tokens, &attempt.nonce);
            let synced = browser.get("/self-service/settings/passkeys").await.json()["passkeys"][0]["backup_eligible"]
                .as_bool()
                .unwrap();
            let key = if synced { "swk" } else { "hwk" };
            let expected: (&str, Vec<&str>, bool) = match (way, tier) {
                ("passkey", _) => ("aal2", vec![key, "user", "mfa"], false),
                (_, "standard") => ("aal1", vec!["otp"], false),
                _ => ("aal1", vec!["otp"], true),
            };
            let restricted = extra_claim(&tokens, "restricted") == json!(true);
            assert_eq!(
                (
                    acr(&claims).as_str(),
                    amr(&claims).iter().map(String::as_str).collect::<Vec<_>>(),
                    restricted
                ),
                expected,
                "{way} on a {tier} account"
            );
        }
    }
}

fn header_alg(token: &str) -> jsonwebtoken::Algorithm {
    jsonwebtoken::decode_header(token).unwrap().alg
}

/// `token` with its header's `alg` replaced, signature kept.
fn with_alg(token: &str, alg: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let mut header: Value = serde_json::from_slice(&b64.decode(parts[0]).unwrap()).unwrap();
    header["alg"] = json!(alg);
    format!("{}.{}.{}", b64.encode(header.to_string()), parts[1], parts[2])
}

async fn an_app_that_asks_for_eddsa_gets_ed25519_tokens_and_algorithm_tricks_fail(db: Db) {
    let h = Harness::with_config(db, with_clients).await;
    let ed = Rp::discover(&h, "ed", Some(SECRET)).await;
    let rp = Rp::app(&h).await;
    let mut browser = passkey_browser(&h, "edwards@example.com", &mut Device::new()).await;
    let (ed_tokens, attempt) = ed.signed_in(&mut browser).await;
    let (es_tokens, _) = rp.signed_in(&mut browser).await;
    let ed_id = ed_tokens.id_token().unwrap().to_string();
    assert_eq!(header_alg(&ed_id), jsonwebtoken::Algorithm::EdDSA);
    assert_eq!(
        header_alg(ed_tokens.access_token().secret()),
        jsonwebtoken::Algorithm::EdDSA
    );
    assert_eq!(
        header_alg(&es_tokens.id_token().unwrap().to_string()),
        jsonwebtoken::Algorithm::ES256
    );
    // Verified by the stock client against the JWKS it discovered (fetched after the first
    // EdDSA token, as it would on an unknown key id).
    let ed = Rp::discover(&h, "ed", Some(SECRET)).await;
    assert_eq!(acr(&ed.id_claims(&ed_tokens, &attempt.nonce)), "aal2");
    assert!(ed.userinfo(ed_tokens.access_token()).await.is_ok());
    let jwks = h.api().get("/.well-known/jwks.json").await.json();
    let algs: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["alg"].as_str().unwrap())
        .collect();
    assert_eq!(
        algs.iter().filter(|a| **a == "EdDSA").count(),
        2,
        "current and next: {jwks}"
    );
    assert_eq!(algs.iter().filter(|a| **a == "ES256").count(), 2, "{jwks}");

    // The key decides the algorithm: a header naming another one, or none, or HMAC, is refused.
    let ed_access = ed_tokens.access_token().secret().clone();
    let es_access = es_tokens.access_token().secret().clone();
    for (case, forged) in [
        ("EdDSA key, ES256 header", with_alg(&ed_access, "ES256")),
        ("ES256 key, EdDSA header", with_alg(&es_access, "EdDSA")),
        ("HS256 header", with_alg(&es_access, "HS256")),
        ("no signature algorithm", with_alg(&es_access, "none")),
    ] {
        let reply = h
            .send(
                axum::http::Request::get("/userinfo")
                    .header("authorization", format!("Bearer {forged}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{case}");
    }

    // A rotation turns over both algorithms; tokens signed before still verify.
    let signing = h.app.tokens.rotate().await.unwrap();
    assert_eq!(signing.len(), 2, "one new signing key per algorithm in use");
    let ed = Rp::discover(&h, "ed", Some(SECRET)).await;
    ed.id_claims(&ed_tokens, &attempt.nonce);
    let (after, _) = ed.signed_in(&mut browser).await;
    let kid = |token: &str| jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    assert_ne!(kid(&after.id_token().unwrap().to_string()), kid(&ed_id));
    assert!(signing.contains(&kid(&after.id_token().unwrap().to_string())));

    // Registered through the admin API, an EdDSA app's keys are published before its first token.
    let fresh = Harness::with_config(db, |_| {}).await;
    let admin = fresh.admin("Platform", "admin").await;
    let registered = admin
        .post(
            "/admin/oauth2/clients",
            json!({ "id": "ed2", "confidential": false, "redirect_uris": [CALLBACK], "id_token_signed_response_alg": "EdDSA" }),
        )
        .await;
    assert_eq!(
        registered.json()["client"]["id_token_signed_response_alg"],
        "EdDSA",
        "{}",
        registered.text
    );
    let jwks = fresh.api().get("/.well-known/jwks.json").await.text;
    assert!(jwks.contains("EdDSA"), "{jwks}");
    let bad = admin
        .post(
            "/admin/oauth2/clients",
            json!({ "id": "rs", "confidential": false, "redirect_uris": [CALLBACK], "id_token_signed_response_alg": "RS256" }),
        )
        .await;
    assert!(bad.text.contains("client.id_token_signed_response_alg"), "{}", bad.text);
}
