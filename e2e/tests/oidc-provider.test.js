// latchkey as an OpenID Connect provider for a stock relying party (openid-client on Node.js) in
// Chromium: sign in through the hosted passkey page, then from an email sign-in an app that demands
// a passkey (acr_values=aal2) gets one through the step-up page, then the app signs the person out.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  addVirtualAuthenticator,
  freePort,
  launchBrowser,
  screenshot,
  signUpThroughPage,
  startServer,
  waitForMail,
} from "../lib/server.js";
import { RP_SECRET, startRelyingParty } from "../lib/rp.js";

const env = {};
// Two apps: the operator's own wiki (no consent page) and a partner's (third party).
const client = (id, name, port, firstParty) => ({
  id,
  name,
  secret: RP_SECRET,
  redirect_uris: [`http://localhost:${port}/callback`],
  post_logout_redirect_uris: [`http://localhost:${port}/bye`],
  scopes: ["openid", "email", "offline_access"],
  first_party: firstParty,
});
before(async () => {
  const [rpPort, partnerPort] = [await freePort(), await freePort()];
  env.server = await startServer({
    LATCHKEY_OAUTH2__CLIENTS: JSON.stringify([
      client("rp", "Team wiki", rpPort, true),
      client("partner", "Partner dashboard", partnerPort, false),
    ]),
  });
  env.rp = await startRelyingParty(rpPort, env.server.baseUrl);
  env.partner = await startRelyingParty(partnerPort, env.server.baseUrl, "partner");
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  env.rp?.stop();
  env.partner?.stop();
  env.server?.stop();
});

// The passkey button is the way in (no autofill), as a person without a saved username would.
async function contextWithoutAutofill() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  return context;
}


async function claimsShown(page, app = env.rp) {
  await page.waitForURL(`${app.base}/callback**`, { timeout: 10_000 }).catch(async (error) => {
    await screenshot(page, "69-oidc-stuck");
    throw new Error(`${error.message} at ${page.url()}: ${await page.locator("main").innerText().catch(() => "")}`);
  });
  const error = await page.locator("#error").count();
  assert.equal(error, 0, error ? await page.locator("#error").textContent() : "");
  return JSON.parse(await page.locator("#claims").textContent());
}

test("an app signs in with the hosted passkey page, demands a passkey of an email sign-in, and signs out", async () => {
  const context = await contextWithoutAutofill();
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "wiki@example.com");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/ui\/login/);

  // Signed out: the app sends the browser to latchkey, the passkey signs in, the app gets a code.
  await page.goto(`${env.rp.base}/login`);
  await page.waitForURL(/\/ui\/login\?return_to=/);
  await screenshot(page, "60-oidc-sign-in-page");
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  let { claims, userinfo } = await claimsShown(page);
  assert.equal(claims.acr, "aal2");
  assert.ok(claims.amr.includes("user") && claims.amr.includes("mfa"), JSON.stringify(claims.amr));
  assert.equal(claims.email, "wiki@example.com");
  assert.equal(userinfo.email, "wiki@example.com");
  await screenshot(page, "61-oidc-app-signed-in");

  // Another browser signs in by email; the app demands a passkey: the step-up page asks for it.
  const phoneContext = await contextWithoutAutofill();
  const phone = await phoneContext.newPage();
  await phone.goto(`${env.rp.base}/login`);
  await phone.waitForURL(/\/ui\/login\?return_to=/);
  await phone.getByText("Can't use passkey?").click();
  await phone.getByLabel("Email", { exact: true }).fill("wiki@example.com");
  await phone.getByRole("button", { name: "Send link" }).click();
  const mail = await waitForMail(env.server.baseUrl, "wiki@example.com", 2);
  await phone.getByLabel("Code from the email").fill(mail.code);
  await phone.getByRole("button", { name: "Sign in with code" }).click();
  // The usual offer after an email sign-in; put off, the browser goes on to the app.
  await phone.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  await phone.getByRole("button", { name: "Not now" }).click();
  ({ claims } = await claimsShown(phone));
  assert.deepEqual([claims.acr, claims.amr], ["aal1", ["otp"]], "an email sign-in, said as such");

  // The same passkey, reachable from this browser too (as a synced passkey would be).
  const { credentials } = await laptop.cdp.send("WebAuthn.getCredentials", { authenticatorId: laptop.authenticatorId });
  const synced = await addVirtualAuthenticator(phone);
  await synced.cdp.send("WebAuthn.addCredential", { authenticatorId: synced.authenticatorId, credential: credentials[0] });
  await phone.goto(`${env.rp.base}/login?acr=aal2`);
  await phone.waitForURL(/\/ui\/step-up\?return_to=/);
  await screenshot(phone, "62-oidc-step-up");
  await phone.getByRole("button", { name: "Use your passkey" }).click();
  ({ claims } = await claimsShown(phone));
  assert.equal(claims.acr, "aal2", "the app got the passkey it asked for");
  for (const value of ["otp", "user", "mfa"]) assert.ok(claims.amr.includes(value), JSON.stringify(claims.amr));

  // RP-initiated logout: the app's ID token proves who asks; latchkey signs out and goes back.
  await phone.goto(`${env.rp.base}/logout`);
  await phone.waitForURL(`${env.rp.base}/bye**`);
  assert.equal(await phone.locator("#state").textContent(), "rp-bye");
  const whoami = await phone.request.get(`${env.server.baseUrl}/sessions/whoami`);
  assert.equal(whoami.status(), 401, "signed out of latchkey");
  await screenshot(phone, "63-oidc-signed-out");
  await phoneContext.close();
  await context.close();
});

test("a third-party app asks consent once; a sign-out without proof is confirmed by the person", async () => {
  const context = await contextWithoutAutofill();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "partner@example.com");

  await page.goto(`${env.partner.base}/login`);
  await page.waitForURL(/\/ui\/consent\?/);
  await page.getByRole("heading", { name: "Allow Partner dashboard?" }).waitFor();
  assert.match(await page.locator("main").innerText(), /your email address/);
  await screenshot(page, "64-oidc-consent");
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  const { claims } = await claimsShown(page, env.partner);
  assert.equal(claims.email, "partner@example.com");

  // Remembered: the next sign-in goes straight through.
  await page.goto(`${env.partner.base}/login`);
  await claimsShown(page, env.partner);

  // The account page lists the app; removing its access makes it ask again.
  await page.goto(`${env.server.baseUrl}/ui/settings`);
  const row = page.locator("#apps tbody tr", { hasText: "Partner dashboard" });
  assert.match(await row.innerText(), /email/);
  await screenshot(page, "66-oidc-apps-on-account-page");
  await page.getByRole("button", { name: "Remove access of Partner dashboard" }).click();
  await row.waitFor({ state: "detached" });
  await page.goto(`${env.partner.base}/login`);
  await page.waitForURL(/\/ui\/consent\?/);
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await claimsShown(page, env.partner);

  // A sign-out link without the app's ID token (any site could link it): the person confirms.
  const bye = `${env.partner.base}/bye`;
  await page.goto(
    `${env.server.baseUrl}/oauth2/sessions/logout?client_id=partner&post_logout_redirect_uri=${encodeURIComponent(bye)}`,
  );
  await page.waitForURL(/\/ui\/logout\?/);
  await screenshot(page, "65-oidc-confirm-sign-out");
  assert.equal((await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 200, "nothing happened yet");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${bye}**`);
  assert.equal((await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 401);
  await context.close();
});

test("an admin registers an app on the admin page, copies its secret once, and people sign in to it", async () => {
  const port = await freePort();
  const desk = await env.browser.newContext();
  const admin = await desk.newPage();
  await admin.goto(`${env.server.adminUrl}/admin/ui`);
  await admin.getByLabel("Admin API key").fill(env.server.createAdminKey("Platform team", "admin"));
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByRole("heading", { name: "Apps that sign people in (OpenID Connect)" }).waitFor();
  await admin.locator("#clients tbody tr", { hasText: "Team wiki (rp)" }).waitFor();
  await admin.getByText("Register an app").click();
  await admin.getByLabel("Client id").fill("crm");
  await admin.getByLabel("Name shown to people").fill("Sales CRM");
  await admin.getByLabel("Redirect URIs, one per line (matched exactly)").fill(`http://localhost:${port}/callback`);
  await admin.getByLabel("refresh tokens (stays signed in while the session lasts)").check();
  await admin.getByLabel("This organisation's own app (no consent page)").check();
  await admin.getByRole("button", { name: "Register app" }).click();
  await admin.locator("#client-secret-box").waitFor();
  const secret = await admin.getByLabel("Client secret").inputValue();
  assert.equal(secret.length, 43);
  assert.equal(await admin.evaluate(() => document.activeElement?.id), "client-secret", "focus on the secret to copy");
  await screenshot(admin, "67-admin-app-registered");
  await admin.reload();
  await admin.locator("#clients tbody tr", { hasText: "Sales CRM (crm)" }).waitFor();
  assert.ok(!(await admin.content()).includes(secret), "shown once");

  const crm = await startRelyingParty(port, env.server.baseUrl, "crm", secret);
  try {
    const context = await contextWithoutAutofill();
    const page = await context.newPage();
    await addVirtualAuthenticator(page);
    await signUpThroughPage(page, env.server.baseUrl, "sales@example.com");
    await page.goto(`${crm.base}/login`);
    const { claims } = await claimsShown(page, crm);
    assert.equal(claims.email, "sales@example.com");
    assert.equal(claims.aud, "crm");
    await context.close();
  } finally {
    crm.stop();
  }
  await desk.close();
});
