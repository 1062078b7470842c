// Fallback 2 in a real browser: support finds the person on the admin page and issues a recovery
// link; on a new device the person opens it, confirms, saves a passkey and lands signed in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

test("admin page issues a recovery link; opening it, confirming and saving a passkey signs in", async () => {
  // The person's only device, later lost.
  const lost = await env.browser.newContext();
  const oldPage = await lost.newPage();
  await addVirtualAuthenticator(oldPage);
  await signUpThroughPage(oldPage, env.server.baseUrl, "lost@example.com");
  await lost.close();

  // Support, on the admin listener, with a key made at the command line.
  const key = env.server.createAdminKey("Help desk, Ana", "support");
  const desk = await env.browser.newContext();
  const admin = await desk.newPage();
  await admin.goto(`${env.server.adminUrl}/admin/ui`);
  await admin.getByLabel("Admin API key").fill(key);
  await admin.getByRole("button", { name: "Sign in" }).click();
  // Sign-in health: the sign-up just made is counted (flushed from the funnel when asked).
  await admin.getByRole("heading", { name: "Sign-in health" }).waitFor();
  const signUps = admin.locator("#health-steps tbody tr", { hasText: "Signed in (sign_up)" });
  await signUps.waitFor();
  assert.deepEqual(await signUps.locator("td").allTextContents(), ["Signed in (sign_up)", "1", "0", "0"]);
  assert.match(await admin.locator("#health-people").textContent(), /^0 people signed in by email in this period; 0 of them/);
  assert.equal(await admin.locator("#health-chart rect").count(), 0, "no passkey or email sign-ins to chart yet");
  await screenshot(admin, "25-admin-sign-in-health");
  await admin.getByLabel("Email address (or part of it)").fill("lost@");
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("button", { name: "Open lost@example.com" }).click();
  await admin.getByRole("heading", { name: "lost@example.com" }).waitFor();
  assert.match(await admin.locator("#identity-facts").textContent(), /Passkeys1/);
  await admin.getByLabel("Reason").selectOption("passkey_lost_no_email");
  await admin.getByLabel("How you verified the person").selectOption("callback_known_phone");
  await admin.getByLabel("Verification notes").fill("Called back +44 20 7946 0000 on file");
  await admin.getByRole("button", { name: "Issue recovery link" }).click();
  const linkField = admin.getByLabel("Recovery link", { exact: true });
  await linkField.waitFor();
  await admin.waitForFunction(() => document.getElementById("issued-link").value.includes("#token="));
  const link = await linkField.inputValue();
  assert.match(await admin.locator("#issued-text").textContent(), /1 confirmed address/);
  await admin.locator("#history tbody tr", { hasText: "recovery.issued" }).waitFor();
  await screenshot(admin, "26-admin-recovery-link-issued");
  const notice = await waitForMail(env.server.baseUrl, "lost@example.com", 2);
  assert.match(notice.subject, /support agent issued a recovery link/);

  // A new phone: open the link, confirm, save a passkey.
  const phone = await env.browser.newContext();
  const page = await phone.newPage();
  const authenticator = await addVirtualAuthenticator(page);
  await page.goto(link);
  await page.getByRole("heading", { name: "Recover your account" }).waitFor();
  assert.ok(!page.url().includes("#token="), "the token leaves the address bar");
  const before = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).status();
  assert.equal(before, 401, "opening the link signs nobody in");
  await screenshot(page, "27-recovery-confirm");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Save a new passkey" }).waitFor();
  await screenshot(page, "28-recovery-save-passkey");
  const restricted = await page.request.get(`${env.server.baseUrl}/sessions/whoami`);
  assert.equal(restricted.status(), 403, "the link's session is no sign-in until a passkey is saved");
  await page.getByRole("button", { name: "Save a passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings?recovered=1`);
  assert.match(await page.locator("#recovered-notice").textContent(), /Your account is recovered/);
  assert.equal(await page.locator("#passkeys tbody tr").count(), 2, "the old passkey is kept");
  // The two no longer look alike: the new one is marked as this device's, each says how it came.
  const newRow = page.locator("#passkeys tbody tr[data-this-session]");
  assert.equal(await newRow.locator(".tag").textContent(), "This device");
  assert.match(await newRow.textContent(), /with a recovery link/);
  const oldRow = page.locator("#passkeys tbody tr:not([data-this-session])");
  assert.match(await oldRow.textContent(), /at sign-up/);
  assert.equal(await oldRow.locator(".tag").count(), 0);
  await screenshot(page, "29-recovered-signed-in");
  // "Remove passkeys you no longer have" is one button: the lost phone's passkey goes.
  assert.match(await page.locator("#recovered-notice").textContent(), /still has 1 passkey from before the recovery/);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Remove the other passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.equal(await page.locator("#passkeys tbody tr").count(), 1, "only this device's passkey is left");
  assert.equal(await page.locator("#passkeys tbody tr[data-this-session]").count(), 1);
  const session = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.equal(session.authenticator_assurance_level, "aal2");
  assert.deepEqual(session.authentication_methods.map((m) => m.method), ["recovery", "passkey"]);
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId });
  assert.equal(credentials.length, 1, "the new passkey is on the new phone");

  // Back at the desk: the trail shows the whole recovery.
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("button", { name: "Open lost@example.com" }).click();
  await admin.locator("#history tbody tr", { hasText: "recovery.completed" }).waitFor();
  assert.match(await admin.locator("#links tbody").textContent(), /used/);
  await phone.close();
  await desk.close();
});
