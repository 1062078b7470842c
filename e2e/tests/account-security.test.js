// Never locked out, in a real browser: backup codes made on the account page (shown once,
// downloaded) and used to sign in where no passkey is; passkeys renamed and removed, never the last.
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

test("backup codes: create, download, sign in with one where no passkey is", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "codes@example.com");
  assert.match(await page.locator("#backup-status").textContent(), /No backup codes yet/);
  await page.getByRole("button", { name: "Create backup codes" }).click();
  await page.getByRole("heading", { name: "Your new backup codes" }).waitFor();
  const codes = await page.locator("#backup-list li").allTextContents();
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/.test(c)), codes.join(" "));
  await screenshot(page, "16-backup-codes-shown-once");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download (.txt)" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "backup-codes.txt");
  const text = readFileSync(await download.path(), "utf8");
  assert.ok(codes.every((c) => text.includes(c)), text);
  assert.match(text, /^Backup codes for codes@example\.com at latchkey\n/);
  await context.close();

  // Another browser, no passkey on it, no email at hand: the address and a code.
  const elsewhere = await env.browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(`${env.server.baseUrl}/ui/login`);
  await other.getByText("Use a backup code").click();
  await other.getByLabel("Account email").fill("codes@example.com");
  await other.getByLabel("Backup code").fill(codes[4].toUpperCase());
  await screenshot(other, "17-backup-code-sign-in");
  await other.getByRole("button", { name: "Sign in with backup code" }).click();
  await other.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  assert.match(await other.locator("#offer-detail").textContent(), /9 backup codes left/);
  await screenshot(other, "18-after-backup-code-sign-in");
  await other.getByRole("button", { name: "Not now" }).click();
  await other.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.match(await other.locator("#backup-status").textContent(), /9 unused backup codes/);
  const session = await (await other.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.deepEqual(session.authentication_methods.map((m) => [m.method, m.aal]), [["lookup_secret", "aal1"]]);
  await elsewhere.close();
});

test("the account page renames and removes passkeys, but never the last", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "keys@example.com");
  await laptop.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: laptop.authenticatorId });
  await addVirtualAuthenticator(page, { transport: "usb" });
  // Adding reloads the page: wait for that load before using the new list.
  const reloaded = page.waitForEvent("load");
  await page.getByRole("button", { name: "Add another passkey" }).click();
  await reloaded;
  assert.equal(await page.locator("#passkeys tbody tr").count(), 2);

  await page.locator("#passkeys tbody tr").first().getByRole("button", { name: /^Rename/ }).click();
  await page.getByLabel("New name").fill("Work laptop");
  await page.getByRole("button", { name: "Save name" }).click();
  // The first passkey made this session: its cell also carries the "This device" tag.
  await page.getByRole("cell", { name: "Work laptop This device", exact: true }).waitFor();
  await screenshot(page, "19-passkeys-renamed");

  page.on("dialog", (dialog) => dialog.accept());
  await page.locator("#passkeys tbody tr").nth(1).getByRole("button", { name: /^Remove/ }).click();
  await page.waitForFunction(() => document.querySelectorAll("#passkeys tbody tr").length === 1);
  await page.getByRole("button", { name: "Remove Work laptop" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor({ state: "visible" });
  assert.match(await alert.textContent(), /only passkey/);
  await screenshot(page, "20-last-passkey-kept");
  assert.equal(await page.locator("#passkeys tbody tr").count(), 1);
  await context.close();
});

test("right after sign-up: save another passkey on a hardware key, then print backup codes", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/registration`);
  await page.getByLabel("Email", { exact: true }).fill("second@example.com");
  await page.getByRole("button", { name: "Create account with passkey" }).click();
  const mail = await waitForMail(env.server.baseUrl, "second@example.com", 1);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Confirm and create passkey" }).click();
  await page.getByRole("heading", { name: /Passkey saved to this device/ }).waitFor();
  await screenshot(page, "21-save-another-passkey");

  // The "hardware key": a second virtual authenticator on USB, no resident credentials yet.
  const key = await addVirtualAuthenticator(page, { transport: "usb" });
  await page.getByRole("button", { name: "On hardware key" }).click();

  // Next, while the new passkey session may make them: backup codes, shown once.
  await page.getByRole("heading", { name: "One more way back in: backup codes" }).waitFor();
  await screenshot(page, "22-offer-backup-codes");
  await page.getByRole("button", { name: "Create backup codes" }).click();
  await page.getByRole("heading", { name: "Your new backup codes" }).waitFor();
  assert.equal(await page.locator("#backup-list li").count(), 10);
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => (window.printed += 1);
  });
  await page.getByRole("button", { name: "Print" }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  // On paper: the codes, and nothing else of the page.
  await page.emulateMedia({ media: "print" });
  assert.ok(await page.locator("#backup-list").isVisible());
  assert.ok(!(await page.locator("#offer-backup-heading").isVisible()));
  assert.ok(!(await page.getByRole("button", { name: "Print" }).isVisible()));
  await screenshot(page, "23-backup-codes-printed");
  await page.emulateMedia({ media: "screen" });
  await page.getByRole("button", { name: "Continue" }).click();

  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.match(await page.locator("#backup-status").textContent(), /10 unused backup codes/);
  assert.equal(await page.locator("#passkeys tbody tr").count(), 2);
  const onKey = await key.cdp.send("WebAuthn.getCredentials", { authenticatorId: key.authenticatorId });
  const onLaptop = await laptop.cdp.send("WebAuthn.getCredentials", { authenticatorId: laptop.authenticatorId });
  assert.equal(onKey.credentials.length, 1, "the second passkey went to the security key");
  assert.equal(onLaptop.credentials.length, 1);
  // The list says where each passkey lives; the key's model is unknown, so it is not named
  // after this browser.
  const cells = (column) => page.locator(`#passkeys tbody tr td:nth-child(${column})`).allTextContents();
  assert.deepEqual(await cells(4), ["Built in", "Security key"]);
  assert.equal((await cells(1))[1], "Security key");
  await screenshot(page, "24-passkeys-by-device");
  await context.close();
});

test("right after sign-up: save another passkey on a phone (cross-device)", async () => {
  const context = await env.browser.newContext();
  // A computer that can reach a phone (headless Chromium has no Bluetooth, so it says it cannot,
  // and the page would rightly not offer "On phone").
  await context.addInitScript(() => {
    const reported = PublicKeyCredential.getClientCapabilities.bind(PublicKeyCredential);
    PublicKeyCredential.getClientCapabilities = async () => ({ ...(await reported()), hybridTransport: true });
  });
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/registration`);
  await page.getByLabel("Email", { exact: true }).fill("phone@example.com");
  await page.getByRole("button", { name: "Create account with passkey" }).click();
  const mail = await waitForMail(env.server.baseUrl, "phone@example.com", 1);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Confirm and create passkey" }).click();
  await page.getByRole("heading", { name: /Passkey saved to this device/ }).waitFor();

  // The "phone": a virtual authenticator reached over the hybrid (caBLE) transport.
  const phone = await addVirtualAuthenticator(page, { transport: "cable" });
  await page.getByRole("button", { name: "On phone" }).click();
  await page.getByRole("heading", { name: "One more way back in: backup codes" }).waitFor();
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  const onPhone = await phone.cdp.send("WebAuthn.getCredentials", { authenticatorId: phone.authenticatorId });
  const onLaptop = await laptop.cdp.send("WebAuthn.getCredentials", { authenticatorId: laptop.authenticatorId });
  assert.equal(onPhone.credentials.length, 1, "the second passkey went to the phone");
  assert.equal(onLaptop.credentials.length, 1);
  const cells = (column) => page.locator(`#passkeys tbody tr td:nth-child(${column})`).allTextContents();
  assert.deepEqual(await cells(4), ["Built in", "Phone or tablet"]);
  await screenshot(page, "25-passkey-on-phone");
  await context.close();
});
