// A small relying-party web app on `openid-client` (panva's maintained OpenID Connect client), as
// an app team would write it: "Sign in with latchkey" with PKCE, state and nonce, the callback that
// redeems the code and verifies the ID token, and RP-initiated logout. One person at a time.
import { createServer } from "node:http";
import * as oidc from "openid-client";

// A whole page around `body` (the browser tests check every page they look at with axe).
const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Relying party</title></head><body><main>${body}</main></body></html>`;

export const RP_SECRET = "rp-secret-0123456789abcdef0123456789abcdef";

// Starts the app on `port` as client `clientId`; `issuer` is latchkey's public base URL
// (discovered on first use).
export function startRelyingParty(port, issuer, clientId = "rp", secret = RP_SECRET) {
  const base = `http://localhost:${port}`;
  let config;
  let pending;
  let signedIn;
  const configuration = async () => {
    config ??= await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(secret), {
      // latchkey runs on plain http in the test (localhost); production issuers are https.
      execute: [oidc.allowInsecureRequests],
    });
    return config;
  };
  const routes = {
    // `?acr=aal2` asks for a passkey (acr_values); `?prompt=login` for a fresh sign-in.
    "/login": async (url) => {
      const verifier = oidc.randomPKCECodeVerifier();
      pending = { verifier, state: oidc.randomState(), nonce: oidc.randomNonce() };
      const parameters = {
        redirect_uri: `${base}/callback`,
        scope: "openid email offline_access",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      };
      if (url.searchParams.get("acr")) parameters.acr_values = url.searchParams.get("acr");
      return { redirect: oidc.buildAuthorizationUrl(await configuration(), parameters).href };
    },
    "/callback": async (url) => {
      const tokens = await oidc.authorizationCodeGrant(await configuration(), url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      const userinfo = await oidc.fetchUserInfo(await configuration(), tokens.access_token, claims.sub);
      signedIn = { tokens, claims };
      return { page: `<h1>Signed in</h1><pre id="claims">${JSON.stringify({ claims, userinfo })}</pre>` };
    },
    "/logout": async () => {
      const url = oidc.buildEndSessionUrl(await configuration(), {
        id_token_hint: signedIn.tokens.id_token,
        post_logout_redirect_uri: `${base}/bye`,
        state: "rp-bye",
      });
      return { redirect: url.href };
    },
    "/bye": async (url) => ({ page: `<h1>Signed out</h1><p id="state">${url.searchParams.get("state")}</p>` }),
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, base);
    try {
      const answer = await routes[url.pathname]?.(url);
      if (!answer) {
        response.writeHead(404).end("not found");
      } else if (answer.redirect) {
        response.writeHead(302, { location: answer.redirect }).end();
      } else {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(answer.page));
      }
    } catch (error) {
      response.writeHead(500, { "content-type": "text/html; charset=utf-8" });
      response.end(page(`<h1>Sign-in failed</h1><pre id="error">${error.message} ${error.code ?? ""} ${JSON.stringify(error.cause ?? {})}</pre>`));
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok({ base, stop: () => server.close() })));
}
