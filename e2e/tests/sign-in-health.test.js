// The operator's question, answered from a real run: "how many of my users fell back to email
// this week, and how many of them then saved a passkey?" Three people sign up; each then signs in
// by email on a new device; two save a passkey there, one does not. The admin page's Sign-in
// health and Prometheus (/metrics) must both say 3 and 2. The figures are printed for the notes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, metric, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

async function signInByEmailOnANewDevice(email, savePasskey) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.getByText("Can't use passkey?").click();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  const mail = await waitForMail(env.server.baseUrl, email, 2);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await page.getByRole("heading", { name: /Save a passkey on this device/ }).waitFor();
  await page.getByRole("button", { name: savePasskey ? "Save a passkey" : "Not now" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await context.close();
}

test("three people fall back to email, two then save a passkey: the admin page and /metrics both say so", async () => {
  const people = ["amal@example.com", "bruno@example.com", "chen@example.com"];
  for (const email of people) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await addVirtualAuthenticator(page);
    await signUpThroughPage(page, env.server.baseUrl, email);
    await context.close();
  }
  for (const [i, email] of people.entries()) await signInByEmailOnANewDevice(email, i < 2);

  const desk = await env.browser.newContext();
  const admin = await desk.newPage();
  await admin.goto(`${env.server.adminUrl}/admin/ui`);
  await admin.getByLabel("Admin API key").fill(env.server.createAdminKey("Operations", "support"));
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByRole("heading", { name: "Sign-in health" }).waitFor();
  const sentence = admin.locator("#health-people");
  await admin.waitForFunction(() => document.getElementById("health-people").textContent.startsWith("3 people"));
  const said = await sentence.textContent();
  assert.equal(said, "3 people signed in by email in this period; 2 of them then saved a passkey.");
  assert.ok((await admin.locator("#health-chart rect").count()) >= 2, "the chart has bars");
  await screenshot(admin, "44-admin-sign-in-health-after-fallbacks");
  await desk.close();

  const fellBack = await metric(env.server.adminUrl, 'latchkey_signin_funnel_total{step="signed_in",tier="standard",cause="email_code"}');
  const saved = await metric(env.server.adminUrl, 'latchkey_signin_funnel_total{step="passkey_saved",tier="standard",cause="code"}');
  assert.deepEqual([fellBack, saved], [3, 2]);
  console.log(`# from the admin page: ${said}`);
  console.log(`# from /metrics: signed_in{cause=email_code} ${fellBack}, passkey_saved{cause=code} ${saved}`);
});
