// The password migration in a real browser: an account imported with a bcrypt hash (made by
// htpasswd) signs in with "Use a different method", is asked to switch to passwordless sign-in,
// saves a passkey, signs out, and signs in with the passkey the page offers by default.
//
// The automatic upgrade: Chromium reports conditionalCreate, so the page asks for a passkey
// without a dialog right after the password sign-in. Chromium serves that request only from
// Google Password Manager with a password it saw used; its CDP virtual authenticator never
// answers it, so the request stays pending here. What the browser can check is that the page
// asks, and that "Save passkey" still works while it waits (a browser runs one passkey request at
// a time: without stopping it first, the dialog fails with "A request is already pending").
// tests/it/automatic_upgrade.rs covers the server's side with a registration without presence.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { addVirtualAuthenticator, screenshot, useServerAndBrowser } from "../lib/server.js";

// "Disable password?" comes once an account has had a passkey this long (30 days by default).
const env = useServerAndBrowser(before, after, {
  LATCHKEY_SELFSERVICE__METHODS__PASSWORD__ENABLED: "true",
  LATCHKEY_SELFSERVICE__METHODS__PASSWORD__CONFIG__DISABLE_AFTER: "1s",
});
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/passwords/vectors.json");

test("an imported bcrypt user signs in with the password, switches to a passkey, and uses it next time", async () => {
  const { password, vectors } = JSON.parse(readFileSync(fixtures, "utf8"));
  const bcrypt = vectors.find((v) => v.hash.startsWith("$2y$"));
  const file = join(tmpdir(), `legacy-${process.pid}.jsonl`);
  writeFileSync(
    file,
    JSON.stringify({
      traits: { email: "legacy@example.com" },
      verifiable_addresses: [{ value: "legacy@example.com", verified: true }],
      credentials: { password: { config: { hashed_password: bcrypt.hash } } },
    }) + "\n",
  );
  assert.match(env.server.importIdentities(file), /imported 1/);

  // The admin page counts the migration from the start.
  const desk = await env.browser.newContext();
  const admin = await desk.newPage();
  await admin.goto(`${env.server.adminUrl}/admin/ui`);
  await admin.getByLabel("Admin API key").fill(env.server.createAdminKey("Migration desk", "support"));
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByRole("heading", { name: "Migration from passwords" }).waitFor();
  assert.match(await admin.locator("#migration-summary").textContent(), /^1 imported account: 0 with a passkey, 1 with a password still/);
  assert.equal(await admin.locator("#migration-cohorts tbody tr").count(), 1);
  await screenshot(admin, "43-admin-migration");
  await desk.close();

  // Without autofill, so the passkey signs in from the button the page offers by default.
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    // Records how the pages ask for new passkeys and how each request ends (kept across pages),
    // and passes every request on unchanged.
    const record = (key, entry) =>
      sessionStorage.setItem(key, JSON.stringify([...JSON.parse(sessionStorage.getItem(key) ?? "[]"), entry]));
    const create = navigator.credentials.create.bind(navigator.credentials);
    navigator.credentials.create = (options) => {
      const how = options?.mediation ?? "dialog";
      record("passkeyRequests", how);
      const request = create(options);
      request.then(
        () => record("passkeyOutcomes", `${how}: saved`),
        (error) => record("passkeyOutcomes", `${how}: ${error.name}`),
      );
      return request;
    };
  });
  const page = await context.newPage();
  const device = await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/login`);
  assert.equal(
    await page.getByRole("button", { name: "Sign in with passkey" }).count(),
    1,
    "the passkey stays the default",
  );
  assert.equal(await page.getByLabel("Password", { exact: true }).isVisible(), false, "the password form waits behind a link");
  await page.getByText("Use a different method").click();
  await page.getByLabel("Email", { exact: true }).last().fill("legacy@example.com");
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in with password" }).click();
  await page.getByRole("alert").filter({ hasText: "email address or password is not right" }).waitFor();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in with password" }).click();

  await page.getByRole("heading", { name: "Switch to passwordless sign-in?" }).waitFor();
  await screenshot(page, "40-switch-to-passwordless");
  let whoami = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.deepEqual(whoami.authentication_methods.map((m) => m.method), ["password"]);
  await page.waitForFunction(() => sessionStorage.getItem("passkeyRequests")?.includes("conditional"));
  await page.waitForTimeout(500);
  assert.equal(
    await page.evaluate(() => sessionStorage.getItem("passkeyOutcomes")),
    null,
    "Chromium takes the automatic upgrade's options and waits for a password manager",
  );
  await page.getByRole("button", { name: "Save passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.equal(await page.locator("#passkeys tbody tr").count(), 1, "the passkey is saved");
  const { credentials } = await device.cdp.send("WebAuthn.getCredentials", { authenticatorId: device.authenticatorId });
  assert.equal(credentials.length, 1, "on this device");
  assert.deepEqual(
    await page.evaluate(() => [sessionStorage.getItem("passkeyRequests"), sessionStorage.getItem("passkeyOutcomes")].map(JSON.parse)),
    [
      ["conditional", "dialog"],
      ["conditional: AbortError", "dialog: saved"],
    ],
    "the automatic upgrade first, stopped for the dialog, which saved the passkey",
  );

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/login`);
  await page.waitForTimeout(1100); // past disable_after
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.getByRole("heading", { name: "Disable password?" }).waitFor();
  await screenshot(page, "42-disable-password-prompt");
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  whoami = await (await page.request.get(`${env.server.baseUrl}/sessions/whoami`)).json();
  assert.deepEqual(whoami.authentication_methods.map((m) => [m.method, m.aal]), [["passkey", "aal2"]]);

  // The account page turns the password off for good; the form then refuses it.
  await page.getByText("Password: on").waitFor();
  await page.getByRole("button", { name: "Turn off password" }).click();
  await page.getByText("Password: off").waitFor();
  await screenshot(page, "41-password-off");
  // As an API client (no cookies, so no CSRF token needed).
  const refused = await fetch(`${env.server.baseUrl}/self-service/login/password`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identifier: "legacy@example.com", password }),
  });
  assert.equal(refused.status, 400);
  assert.equal((await refused.json()).error.id, "credentials_invalid");
  await context.close();
});

test("Continue puts the switch prompt off: the next password sign-in goes straight to the account", async () => {
  const { password, vectors } = JSON.parse(readFileSync(fixtures, "utf8"));
  const file = join(tmpdir(), `later-${process.pid}.jsonl`);
  writeFileSync(
    file,
    JSON.stringify({
      traits: { email: "later@example.com" },
      credentials: { password: { config: { hashed_password: vectors.find((v) => v.family === "scrypt").hash } } },
    }) + "\n",
  );
  assert.match(env.server.importIdentities(file), /imported 1/);
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const signInWithPassword = async () => {
    await page.goto(`${env.server.baseUrl}/ui/login`);
    await page.getByText("Use a different method").click();
    await page.getByLabel("Email", { exact: true }).last().fill("later@example.com");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in with password" }).click();
  };
  await signInWithPassword();
  await page.getByRole("heading", { name: "Switch to passwordless sign-in?" }).waitFor();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/login`);
  await signInWithPassword();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  assert.equal(await page.getByRole("heading", { name: "Switch to passwordless sign-in?" }).count(), 0);
  await context.close();
});
