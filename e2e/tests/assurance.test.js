// High-value accounts in a real browser: an email sign-in is limited until a passkey is saved on
// this device; a sensitive change after the privileged window asks for the passkey inline.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

// bank.example is high-value by the operator's rule; the privileged window is 3 s so the test can
// outwait it.
const env = useServerAndBrowser(before, after, {
  LATCHKEY_POLICY__HIGH_VALUE__EMAIL_DOMAINS: '["bank.example"]',
  LATCHKEY_SELFSERVICE__FLOWS__SETTINGS__PRIVILEGED_SESSION_MAX_AGE: "3s",
});

// "Can't use passkey?" -> Send link -> the code of mail number `mailNumber` to that address.
async function signInByCode(page, email, mailNumber) {
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.getByText("Can't use passkey?").click();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  const mail = await waitForMail(env.server.baseUrl, email, mailNumber);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
}

const whoami = async (page) => (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();

test("a high-value email sign-in lands on the re-enrolment page (no Not now); saving a passkey there lifts it; later changes ask for it", async () => {
  const first = await env.browser.newContext();
  const laptop = await first.newPage();
  await addVirtualAuthenticator(laptop);
  await signUpThroughPage(laptop, env.server.baseUrl, "teller@bank.example");
  await first.close();

  // A new device without a passkey: sign in by emailed code.
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await signInByCode(page, "teller@bank.example", 2);
  await page.waitForURL(/\/ui\/re-enrol/);
  await page.getByRole("heading", { name: "One more step: save a passkey on this device" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Not now" }).count(), 0, "nothing to skip it with");
  assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 1, "signing out is always offered");
  let session = await whoami(page);
  assert.deepEqual([session.tier, session.authenticator_assurance_level, session.restricted], ["high_value", "aal1", true]);
  await screenshot(page, "30-re-enrolment-page");

  // The account page says the session is limited until then.
  await page.goto(`${env.server.baseUrl}/ui/settings`);
  const notice = page.locator("#restricted-notice");
  assert.match(await notice.textContent(), /Limited session/);
  await page.goBack();

  // Saving a passkey on the re-enrolment page lifts it.
  const authenticator = await addVirtualAuthenticator(page);
  await page.getByRole("button", { name: "Save a passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await page.locator("#passkeys tbody tr").nth(1).waitFor();
  assert.equal(await notice.count(), 0, "the notice is gone");
  session = await whoami(page);
  assert.deepEqual([session.authenticator_assurance_level, session.restricted], ["aal2", false]);
  await screenshot(page, "31-lifted");

  // After the privileged window, a sensitive change asks for the passkey, then completes.
  await page.waitForTimeout(3500);
  assert.equal((await whoami(page)).privileged_until, null);
  await page.getByRole("button", { name: "Create backup codes" }).click();
  await page.getByRole("heading", { name: "Your new backup codes" }).waitFor();
  assert.equal(await page.locator("#backup-list li").count(), 10);
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId });
  assert.ok(credentials[0].signCount >= 1, "the passkey on this device was asked");
  assert.ok((await whoami(page)).privileged_until, "the window is open again");
  await screenshot(page, "32-stepped-up-then-done");
  await context.close();
});

test("the account page lists the other sessions and signs one out", async () => {
  const first = await env.browser.newContext();
  const laptop = await first.newPage();
  await addVirtualAuthenticator(laptop);
  await signUpThroughPage(laptop, env.server.baseUrl, "sessions@example.com");

  // A second device signed in by email.
  const second = await env.browser.newContext();
  const phone = await second.newPage();
  await signInByCode(phone, "sessions@example.com", 2);
  await phone.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  assert.equal((await phone.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 200);

  await laptop.goto(`${env.server.baseUrl}/ui/settings`);
  await laptop.getByRole("heading", { name: "Where you are signed in" }).waitFor();
  const row = laptop.locator("#sessions tbody tr", { hasText: "an email code or link" });
  assert.equal(await row.count(), 1, "the phone's session is listed with how it began");
  await screenshot(laptop, "33-sessions-list");
  await row.getByRole("button", { name: /Sign out/ }).click();
  await laptop.getByText("That session is signed out.").waitFor();
  assert.equal(await row.count(), 0);
  assert.equal((await phone.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 401, "the phone is signed out");
  assert.equal((await laptop.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 200, "this device stays");
  await first.close();
  await second.close();
});
