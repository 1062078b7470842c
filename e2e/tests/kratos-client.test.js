// An existing Kratos app's session check, pointed at latchkey: the real @ory/kratos-client
// FrontendApi.toSession, by cookie and by session token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Configuration, FrontendApi } from "@ory/kratos-client";
import { addVirtualAuthenticator, signUpThroughPage, useServerAndBrowser } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

test("FrontendApi.toSession reads latchkey's session by cookie and by token", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "kratos-app@example.com");

  const frontend = new FrontendApi(new Configuration({ basePath: env.server.baseUrl }));
  const cookie = (await context.cookies()).find((c) => c.name === "latchkey_session");
  const byCookie = await frontend.toSession({ cookie: `other=1; ${cookie.name}=${cookie.value}` });
  assert.equal(byCookie.status, 200);
  assert.equal(byCookie.data.active, true);
  assert.equal(byCookie.data.identity.traits.email, "kratos-app@example.com");
  assert.equal(byCookie.data.authenticator_assurance_level, "aal2");
  assert.equal(byCookie.data.authentication_methods[0].method, "passkey");
  assert.equal(byCookie.data.identity.verifiable_addresses[0].value, "kratos-app@example.com");
  assert.equal(byCookie.data.restricted, false);
  assert.ok(new Date(byCookie.data.expires_at) > new Date());

  // An API client (no cookies) signs in with the passkey and gets a session token.
  const token = await page.evaluate(async () => {
    const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const post = (path, body) => fetch(path, { method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
    const { flow_id, options } = await post("/self-service/login/passkey/options", {});
    const publicKey = { ...options.publicKey, challenge: unb64(options.publicKey.challenge) };
    const credential = await navigator.credentials.get({ publicKey });
    const result = await post("/self-service/login/passkey/verify", {
      flow_id,
      credential: {
        id: credential.id,
        rawId: b64(credential.rawId),
        type: credential.type,
        response: {
          clientDataJSON: b64(credential.response.clientDataJSON),
          authenticatorData: b64(credential.response.authenticatorData),
          signature: b64(credential.response.signature),
          userHandle: b64(credential.response.userHandle),
        },
        extensions: {},
      },
    });
    return result.session_token;
  });
  assert.equal(typeof token, "string");
  const byToken = await frontend.toSession({ xSessionToken: token });
  assert.equal(byToken.data.identity.id, byCookie.data.identity.id);
  assert.notEqual(byToken.data.id, byCookie.data.id, "a new session per sign-in");

  await assert.rejects(frontend.toSession({ xSessionToken: "forged" }), (error) => {
    assert.equal(error.response.status, 401);
    assert.equal(error.response.data.error.id, "session_missing");
    return true;
  });
  await context.close();
});
