// Fallback 1 in a real browser: the "Can't use passkey?" disclosure, the code from the dev outbox,
// the offer to save a passkey right after an email sign-in, and the magic link's confirm page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

async function signedUpElsewhere(email) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, email);
  await context.close();
}

test("Can't use passkey? -> Send link -> code -> save a passkey on this device", async () => {
  await signedUpElsewhere("disclose@example.com");
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const here = await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.getByText("Can't use passkey?").click();
  await page.getByLabel("Email", { exact: true }).fill("disclose@example.com");
  await screenshot(page, "10-email-fallback-open");
  await page.getByRole("button", { name: "Send link" }).click();
  await page.getByLabel("Code from the email").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "code", "focus moves to the code field");
  assert.match(await page.locator("#code-sent").textContent(), /disclose@example\.com/);
  await screenshot(page, "11-email-code-sent");

  const mail = await waitForMail(env.server.baseUrl, "disclose@example.com", 2);
  assert.match(mail.subject, new RegExp(mail.code));
  await page.getByLabel("Code from the email").fill("000000" === mail.code ? "111111" : "000000");
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await page.getByRole("alert").filter({ hasText: "4 tries left" }).waitFor();

  // "Send a new code": the page moves to the new flow, where the first code is wrong and the new
  // one signs in (tests/it/email.rs shows the first flow itself is dead).
  await page.getByRole("button", { name: "Send a new code" }).click();
  await page.getByRole("status").filter({ hasText: "A new code is on its way" }).waitFor();
  const fresh = await waitForMail(env.server.baseUrl, "disclose@example.com", 3);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await page.getByRole("alert").filter({ hasText: "4 tries left" }).waitFor();
  await page.getByLabel("Code from the email").fill(fresh.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();

  await page.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  await screenshot(page, "12-offer-passkey-after-email");
  await page.getByRole("button", { name: "Save a passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.equal(await page.locator("#passkeys tbody tr").count(), 2, "the new passkey joins the first");
  const { credentials } = await here.cdp.send("WebAuthn.getCredentials", { authenticatorId: here.authenticatorId });
  assert.equal(credentials.length, 1, "saved on this device");
  await context.close();
});

test("the magic link opens a confirm page; only its button signs in", async () => {
  await signedUpElsewhere("link@example.com");
  const asking = await env.browser.newContext();
  const askingPage = await asking.newPage();
  await askingPage.goto(`${env.server.baseUrl}/ui/login`);
  await askingPage.getByText("Can't use passkey?").click();
  await askingPage.getByLabel("Email", { exact: true }).fill("link@example.com");
  await askingPage.getByRole("button", { name: "Send link" }).click();
  const mail = await waitForMail(env.server.baseUrl, "link@example.com", 2);
  await asking.close();

  // Opened on another device, as from a mail app.
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(mail.link);
  assert.equal(response.headers()["referrer-policy"], "no-referrer");
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  assert.equal(page.url(), `${env.server.baseUrl}/ui/login/link`, "the token left the address bar");
  assert.equal((await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).status(), 401, "opening signs nobody in");
  await screenshot(page, "13-magic-link-confirm");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  const session = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.equal(session.identity.traits.email, "link@example.com");
  assert.deepEqual(session.authentication_methods.map((m) => m.method), ["code"]);

  // The same link again: used up.
  const again = await env.browser.newContext();
  const second = await again.newPage();
  await second.goto(mail.link);
  await second.getByRole("alert").filter({ hasText: "expired or was already used" }).waitFor();
  assert.equal(await second.getByRole("button", { name: "Sign in" }).count(), 0, "no button that looks live and does nothing");
  assert.equal(await second.getByRole("link", { name: "Back to sign in" }).count(), 1, "the way on");
  await screenshot(second, "14-magic-link-used");
  await again.close();
  await context.close();
});

test("the dev outbox lists the messages", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.baseUrl}/dev/outbox`);
  await screenshot(page, "15-dev-outbox");
  assert.match(await page.locator("main").innerText(), /link@example\.com/);
  await context.close();
});
