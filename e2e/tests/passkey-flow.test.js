// The seed's default path in a real browser: sign up with a passkey, sign out, sign in with the
// passkey button, whoami shows the session; the sign-in page without JavaScript; a failed ceremony.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  addVirtualAuthenticator,
  metric,
  screenshot,
  signUpThroughPage,
  useServerAndBrowser,
  waitForMail,
  waitForMetric,
} from "../lib/server.js";

const env = useServerAndBrowser(before, after);

// A browser without passkey autofill: the button is the way in.
async function contextWithoutAutofill() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  return context;
}

test("sign up, sign out, sign in with the passkey button, whoami", async () => {
  const context = await contextWithoutAutofill();
  const page = await context.newPage();
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  await page.goto(`${env.server.baseUrl}/ui/registration`);
  await screenshot(page, "01-registration");
  assert.equal(await page.locator('input[type="password"]').count(), 0, "no password field");
  await page.getByLabel("Email", { exact: true }).fill("ada@example.com");
  await page.getByRole("button", { name: "Create account with passkey" }).click();
  // The emailed code proves the address before any account exists; the step asks for it at once.
  const signUpCode = await waitForMail(env.server.baseUrl, "ada@example.com", 1);
  await page.getByLabel("Code from the email").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "signup-code", "focus moves to the code");
  assert.match(await page.locator("#signup-code-sent").textContent(), /ada@example\.com/);
  await screenshot(page, "02a-sign-up-code");
  await page.getByLabel("Code from the email").fill(signUpCode.code);
  await page.getByRole("button", { name: "Confirm and create passkey" }).click();
  await page.getByRole("heading", { name: /Passkey saved to this device/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "another-heading", "focus moves to the step");
  await screenshot(page, "02b-save-another-passkey");
  await page.getByRole("button", { name: "Later" }).click();
  await page.getByRole("heading", { name: "One more way back in: backup codes" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "offer-backup-heading", "focus moves on");
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await screenshot(page, "02-account-after-sign-up");
  assert.match(await page.locator("main").innerText(), /ada@example\.com \(confirmed\)/);
  assert.equal(await page.locator("#account-email").textContent(), "ada@example.com");
  assert.equal(await page.locator("#passkeys tbody tr").count(), 1);

  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true, "a discoverable credential was created");

  let whoami = await page.request.get(`${env.server.baseUrl}/sessions/whoami`);
  assert.equal(whoami.status(), 200);
  let session = await whoami.json();
  assert.equal(session.identity.traits.email, "ada@example.com");
  assert.equal(session.authenticator_assurance_level, "aal2");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/login`);
  await screenshot(page, "03-login-after-sign-out");
  assert.equal((await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 401);

  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await screenshot(page, "04-account-after-sign-in");
  whoami = await page.request.get(`${env.server.baseUrl}/sessions/whoami`);
  session = await whoami.json();
  assert.equal(whoami.status(), 200);
  assert.equal(session.identity.traits.email, "ada@example.com");
  assert.deepEqual(session.authentication_methods.map((m) => [m.method, m.aal]), [["passkey", "aal2"]]);

  const cookie = (await context.cookies()).find((c) => c.name === "latchkey_session");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Lax");
  await context.close();
});

test("a second passkey from another authenticator signs in to the same account", async () => {
  const context = await contextWithoutAutofill();
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "lin@example.com");

  await laptop.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: laptop.authenticatorId });
  const key = await addVirtualAuthenticator(page, { transport: "usb" });
  await page.getByRole("button", { name: "Add another passkey" }).click();
  await page.locator("#passkeys tbody tr").nth(1).waitFor();
  await screenshot(page, "05-account-two-passkeys");
  assert.equal(await page.locator("#passkeys tbody tr").count(), 2);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/login`);
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  const session = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.equal(session.identity.traits.email, "lin@example.com");
  const { credentials } = await key.cdp.send("WebAuthn.getCredentials", { authenticatorId: key.authenticatorId });
  assert.equal(credentials.length, 1, "the hardware key holds one passkey");
  assert.ok(credentials[0].signCount >= 1, "and it was the one that signed in");
  await context.close();
});

test("passkey autofill (conditional mediation) signs in from the sign-in page", async () => {
  const first = await env.browser.newContext();
  const signUpPage = await first.newPage();
  const laptop = await addVirtualAuthenticator(signUpPage);
  await signUpThroughPage(signUpPage, env.server.baseUrl, "autofill@example.com");
  const { credentials } = await laptop.cdp.send("WebAuthn.getCredentials", { authenticatorId: laptop.authenticatorId });
  await first.close();

  // The same passkey in a fresh browser profile (no cookies): just opening the sign-in page offers it
  // through the email field's autofill; the virtual authenticator picks it.
  const second = await env.browser.newContext();
  const page = await second.newPage();
  const again = await addVirtualAuthenticator(page);
  await again.cdp.send("WebAuthn.addCredential", { authenticatorId: again.authenticatorId, credential: credentials[0] });
  // Nothing is clicked: only the conditional request the page starts on load can sign in.
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await screenshot(page, "06-account-after-autofill-sign-in");
  const session = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.equal(session.identity.traits.email, "autofill@example.com");
  assert.equal(session.authenticator_assurance_level, "aal2");
  await second.close();
});

test("when no passkey is on the device, the page offers email at once and signs in by code", async () => {
  const owner = await env.browser.newContext();
  const ownerPage = await owner.newPage();
  await addVirtualAuthenticator(ownerPage);
  await signUpThroughPage(ownerPage, env.server.baseUrl, "nokey@example.com");
  await owner.close();

  // Another browser, whose authenticator holds no passkey for this site.
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/login`);
  // The funnel counts what only the page sees: the browser's refusal, the email offer shown and taken.
  const series = {
    failed: 'latchkey_signin_funnel_total{step="passkey_failed",tier="unknown",cause="NotAllowedError"}',
    offered: 'latchkey_signin_funnel_total{step="email_offered",tier="unknown",cause=""}',
    chosen: 'latchkey_signin_funnel_total{step="email_chosen",tier="unknown",cause=""}',
    byEmail: 'latchkey_signin_funnel_total{step="signed_in",tier="standard",cause="email_code"}',
  };
  const before = {};
  for (const [name, s] of Object.entries(series)) before[name] = await metric(env.server.adminUrl, s);
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  const useEmail = page.getByRole("button", { name: "Use email instead" });
  await useEmail.waitFor({ state: "visible", timeout: 60_000 });
  await screenshot(page, "07-login-no-passkey");
  assert.match(await page.getByRole("alert").textContent(), /cancelled or timed out, or no passkey for this site is on this device/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "use-email", "focus moves to the way out");
  const hints = await page.locator("#passkey-hints").innerText();
  for (const cause of [/another device or in another browser/, /keychain or browser data was cleared/, /not the site your passkey was made for/]) {
    assert.match(hints, cause);
  }
  assert.equal(page.url(), `${env.server.baseUrl}/ui/login`, "no reload");

  await useEmail.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "email", "the email field is ready");
  for (const name of ["failed", "offered", "chosen"]) await waitForMetric(env.server.adminUrl, series[name], before[name] + 1);
  await page.keyboard.type("nokey@example.com");
  await page.getByRole("button", { name: "Send link" }).click();
  const mail = await waitForMail(env.server.baseUrl, "nokey@example.com", 2);
  await page.getByLabel("Code from the email").fill(mail.code);
  await screenshot(page, "07b-login-code-entered");
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await page.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  const session = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.deepEqual(session.authentication_methods.map((m) => [m.method, m.aal]), [["code", "aal1"]]);
  await waitForMetric(env.server.adminUrl, series.byEmail, before.byEmail + 1);
  await context.close();
});

test("without JavaScript the sign-in page says passkeys need it", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await screenshot(page, "08-login-without-javascript", { withoutJavaScript: true });
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Sign in");
  assert.match(await page.locator("body").innerText(), /Passkeys need JavaScript/);
  await context.close();
});

test("the sign-in page is usable from the keyboard", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.baseUrl}/ui/login`);
  const reached = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.id));
  }
  assert.ok(reached.includes("Sign in with passkey"), `tab order: ${reached}`);
  assert.ok(reached.includes("Can't use passkey?"), `tab order: ${reached}`);
  await page.keyboard.press("Enter");
  await screenshot(page, "09-login-disclosure-open");
  await context.close();
});

test("opened at 127.0.0.1 for a site at localhost, the page says where sign-in lives and links there", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  const wrong = env.server.baseUrl.replace("localhost", "127.0.0.1");
  await page.goto(`${wrong}/ui/login`);
  const notice = page.locator("#wrong-address");
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.textContent(), new RegExp(`opened this page at ${wrong}, but sign-in for this site lives at ${env.server.baseUrl}`));
  await screenshot(page, "09-wrong-address");
  // Pressing on anyway gets the same words from the server, not a CSRF refusal.
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.locator("#error", { hasText: `lives at ${env.server.baseUrl}` }).waitFor();
  assert.equal((env.server.log().match(/not this site's; passkeys cannot work there/g) ?? []).length, 1, "one warning in the log");
  await page.getByRole("link", { name: `Open ${env.server.baseUrl}/ui/login` }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/login`);
  assert.equal(await notice.isVisible(), false, "at the right address the page says nothing");
  await context.close();
});
