// The WebAuthn Level 3 Signal API in Chromium: the functions are wrapped in the page and every
// call recorded (in sessionStorage, so calls made just before a navigation survive it), then the
// test asserts what the pages told the passkey provider, and when they kept quiet.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  addVirtualAuthenticator,
  createAccountThroughPage,
  signUpThroughPage,
  useServerAndBrowser,
} from "../lib/server.js";

const env = useServerAndBrowser(before, after);

async function recordingContext() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    // The passkey button is the way in (no autofill).
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    for (const name of ["signalAllAcceptedCredentials", "signalCurrentUserDetails", "signalUnknownCredential"]) {
      PublicKeyCredential[name] = async (options) => {
        const calls = JSON.parse(sessionStorage.getItem("signals") ?? "[]");
        calls.push([name, options]);
        sessionStorage.setItem("signals", JSON.stringify(calls));
      };
    }
  });
  return context;
}

const calls = async (page, name) =>
  (JSON.parse((await page.evaluate(() => sessionStorage.getItem("signals"))) ?? "[]")).filter(([n]) => n === name);
// The account page signals after it loads (a fetch, then the calls): wait for them.
const signalled = (page, name) =>
  page.waitForFunction((wanted) => JSON.parse(sessionStorage.getItem("signals") ?? "[]").some(([n]) => n === wanted), name);
const forget = (page) => page.evaluate(() => sessionStorage.removeItem("signals"));
// CDP gives credential ids in standard base64; the pages use base64url.
const base64url = (text) => text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function adminCall(method, path, body) {
  const key = env.server.createAdminKey(`Desk ${Math.random()}`, "admin");
  const response = await fetch(`${env.server.adminUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.status === 204 ? {} : response.json();
}

async function identityId(email) {
  const found = await adminCall("GET", `/admin/identities?email=${encodeURIComponent(email)}`);
  return found.identities[0].id;
}

test("the pages tell the provider which passkeys the account accepts and its name", async () => {
  const context = await recordingContext();
  const page = await context.newPage();
  const laptop = await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "signals@example.com");
  const { credentials } = await laptop.cdp.send("WebAuthn.getCredentials", { authenticatorId: laptop.authenticatorId });
  const credentialId = base64url(credentials[0].credentialId);

  // The account page: the accepted list and the current name.
  await signalled(page, "signalCurrentUserDetails");
  let [[, accepted]] = (await calls(page, "signalAllAcceptedCredentials")).slice(-1);
  assert.deepEqual(accepted.allAcceptedCredentialIds, [credentialId]);
  assert.equal(accepted.rpId, "localhost");
  assert.equal(accepted.userId, base64url(credentials[0].userHandle));
  const [[, details]] = (await calls(page, "signalCurrentUserDetails")).slice(-1);
  assert.deepEqual([details.name, details.displayName, details.userId], ["signals@example.com", "signals@example.com", accepted.userId]);

  // After a passkey sign-in too, before the browser moves on.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/ui\/login/);
  await forget(page);
  await page.goto(`${env.server.baseUrl}/ui/login?return_to=/health/alive`);
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.waitForURL(`${env.server.baseUrl}/health/alive`);
  [[, accepted]] = await calls(page, "signalAllAcceptedCredentials");
  assert.deepEqual(accepted.allAcceptedCredentialIds, [credentialId], "signalled on the way out of the sign-in page");
  assert.equal((await calls(page, "signalUnknownCredential")).length, 0);
  await context.close();
});

test("a passkey no account holds is signalled unknown; one of an inactive account is not", async () => {
  const context = await recordingContext();
  const page = await context.newPage();
  const device = await addVirtualAuthenticator(page);
  await signUpThroughPage(page, env.server.baseUrl, "paused@example.com");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/ui\/login/);

  // The account is deactivated: its passkey stays with the provider.
  const id = await identityId("paused@example.com");
  await adminCall("PATCH", `/admin/identities/${id}`, { state: "inactive" });
  await forget(page);
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.getByRole("alert").waitFor();
  assert.equal((await calls(page, "signalUnknownCredential")).length, 0, "never for an account that exists");

  // The account is deleted: the passkey belongs to nobody, and the provider is told.
  await adminCall("DELETE", `/admin/identities/${id}`);
  await page.reload();
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await page.getByRole("alert").filter({ hasText: "not registered here" }).waitFor();
  const { credentials } = await device.cdp.send("WebAuthn.getCredentials", { authenticatorId: device.authenticatorId });
  const [[, unknown]] = await calls(page, "signalUnknownCredential");
  assert.deepEqual(unknown, { rpId: "localhost", credentialId: base64url(credentials[0].credentialId) });
  await context.close();
});

// getClientCapabilities steers the pages: autofill only with conditional get, "On phone" only with
// the cross-device (hybrid) flow.
async function contextReporting(capabilities) {
  const context = await env.browser.newContext();
  await context.addInitScript((reported) => {
    PublicKeyCredential.getClientCapabilities = async () => reported;
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options) => {
      window.mediations = [...(window.mediations ?? []), options?.mediation ?? "required"];
      return get(options);
    };
  }, capabilities);
  return context;
}

for (const able of [false, true]) {
  test(`capabilities steer the pages (hybrid and conditional get ${able ? "available" : "missing"})`, async () => {
    const context = await contextReporting({ hybridTransport: able, conditionalGet: able, conditionalCreate: false });
    const page = await context.newPage();
    await addVirtualAuthenticator(page);
    await page.goto(`${env.server.baseUrl}/ui/login`);
    await page.getByRole("button", { name: "Sign in with passkey" }).waitFor();
    await page.waitForTimeout(300);
    const mediations = await page.evaluate(() => window.mediations ?? []);
    assert.equal(mediations.includes("conditional"), able, `autofill started: ${mediations}`);

    await createAccountThroughPage(page, env.server.baseUrl, `capable-${able}@example.com`);
    await page.waitForTimeout(100);
    assert.equal(await page.getByRole("button", { name: "On phone" }).isVisible(), able, '"On phone" offered');
    await context.close();
  });
}
