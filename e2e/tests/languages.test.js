// The hosted pages in other languages, in Debian's Chromium: a German browser gets German pages,
// script messages, error text and email; the language menu switches a page, is remembered, and
// keeps a sign-in link's token. axe checks every German and French state it stops at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { addVirtualAuthenticator, screenshot, signUpThroughPage, useServerAndBrowser, waitForMail } from "../lib/server.js";

const env = useServerAndBrowser(before, after);

test("a German browser signs up, meets an error and reads its email in German", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  const email = "deutsch@example.com";
  await page.goto(`${env.server.baseUrl}/ui/registration`);
  assert.equal(await page.getAttribute("html", "lang"), "de");
  await page.getByRole("heading", { name: "Konto erstellen" }).waitFor();
  await page.getByLabel("E-Mail", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Konto mit Passkey erstellen" }).click();
  await page.getByLabel("Code aus der E-Mail").waitFor();
  assert.match(await page.locator("#signup-code-sent").textContent(), /Wir haben einen Code an deutsch@example\.com gesendet/);
  const mail = await waitForMail(env.server.baseUrl, email, 1);
  assert.match(mail.subject, /^Ihr Registrierungscode für latchkey: \d{6}$/);
  assert.match(mail.text_body, /Der Code funktioniert einmal, 10 Minuten lang/);
  assert.match(mail.html_body, /<html lang="de" dir="ltr">/);
  await screenshot(page, "70-de-sign-up-code");

  await page.getByLabel("Code aus der E-Mail").fill(mail.code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Bestätigen und Passkey erstellen" }).click();
  // The server's error text, in German; its id stays the same for apps.
  await page.getByRole("alert").filter({ hasText: "Dieser Code stimmt nicht. Noch 4 Versuche." }).waitFor();
  await screenshot(page, "71-de-wrong-code");
  await page.getByLabel("Code aus der E-Mail").fill(mail.code);
  await page.getByRole("button", { name: "Bestätigen und Passkey erstellen" }).click();
  await page.getByRole("heading", { name: "✓ Passkey auf diesem Gerät gespeichert" }).waitFor();
  await screenshot(page, "72-de-passkey-saved");
  await page.getByRole("button", { name: "Später" }).click();
  await page.getByRole("button", { name: "Backup-Codes erstellen" }).click();
  await page.getByRole("heading", { name: "Ihre neuen Backup-Codes" }).waitFor();
  await screenshot(page, "73-de-backup-codes");
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.waitForURL(`${env.server.baseUrl}/ui/settings`);
  await page.getByText("Sie haben 10 unbenutzte Backup-Codes.").waitFor();
  await page.getByText(/angemeldet am .* UTC mit einem Passkey/).waitFor();
  await screenshot(page, "74-de-account");
  await context.close();
});

test("the language menu switches the page, is remembered, and keeps a sign-in link whole", async () => {
  const owner = await env.browser.newContext();
  const ownerPage = await owner.newPage();
  await addVirtualAuthenticator(ownerPage);
  await signUpThroughPage(ownerPage, env.server.baseUrl, "menu@example.com");
  await owner.close();

  const context = await env.browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  const menu = page.getByRole("navigation", { name: "Language" });
  assert.equal(await menu.getByRole("link", { name: "English" }).getAttribute("aria-current"), "true");
  await menu.getByRole("link", { name: "Deutsch" }).click();
  await page.getByRole("heading", { name: "Anmelden" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "de");
  const cookies = await context.cookies();
  assert.equal(cookies.find((c) => c.name === "latchkey_lang")?.value, "de", "the pick is remembered");
  await page.goto(`${env.server.baseUrl}/ui/registration`);
  await page.getByRole("heading", { name: "Konto erstellen" }).waitFor();
  await page.getByRole("navigation", { name: "Sprache" }).getByRole("link", { name: "Français" }).click();
  await page.getByRole("heading", { name: "Créer votre compte" }).waitFor();
  await screenshot(page, "75-fr-registration");

  // A sign-in link carries its token in the fragment: switching language keeps it.
  await page.goto(`${env.server.baseUrl}/ui/login`);
  await page.getByText("Impossible d'utiliser une clé d'accès ?").click();
  await page.getByLabel("E-mail", { exact: true }).fill("menu@example.com");
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await page.locator("#code-sent").waitFor({ state: "visible" });
  const mail = await waitForMail(env.server.baseUrl, "menu@example.com", 2);
  assert.match(mail.subject, /^Votre code de connexion latchkey : \d{6}$/);
  await page.goto(mail.link);
  await page.getByRole("button", { name: "Se connecter" }).waitFor();
  assert.equal(page.url(), `${env.server.baseUrl}/ui/login/link`, "the token left the address bar");
  await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "Deutsch" }).click();
  await page.getByRole("button", { name: "Anmelden" }).waitFor();
  await page.getByText("Dieser Link meldet Sie bei diesem Konto an:").waitFor();
  await screenshot(page, "76-de-magic-link");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("heading", { name: "Sie sind angemeldet. Einen Passkey auf diesem Gerät speichern?" }).waitFor();
  await context.close();
});

test("the admin page speaks the language of the person at the desk", async () => {
  const owner = await env.browser.newContext();
  const ownerPage = await owner.newPage();
  await addVirtualAuthenticator(ownerPage);
  await signUpThroughPage(ownerPage, env.server.baseUrl, "schalter@example.com");
  await owner.close();

  const key = env.server.createAdminKey("Schalter", "support");
  const desk = await env.browser.newContext({ locale: "de-DE" });
  const page = await desk.newPage();
  await page.goto(`${env.server.adminUrl}/admin/ui`);
  assert.equal(await page.getAttribute("html", "lang"), "de");
  await page.getByRole("heading", { name: "Anmeldung für die Verwaltung" }).waitFor();
  await page.getByLabel("Admin-API-Schlüssel").fill(key);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("heading", { name: "Eine Identität finden" }).waitFor();
  await page.getByLabel("E-Mail-Adresse (oder ein Teil davon)").fill("schalter@");
  await page.getByRole("button", { name: "Suchen" }).click();
  await page.getByRole("status").filter({ hasText: "1 gefunden." }).waitFor();
  await page.getByRole("button", { name: "schalter@example.com öffnen" }).click();
  await page.getByRole("heading", { name: "schalter@example.com" }).waitFor();
  assert.match(await page.locator("#identity-facts").textContent(), /Verbleibende Backup-Codes0/);
  await page.getByRole("heading", { name: "Einen Wiederherstellungslink ausstellen" }).waitFor();
  assert.equal(await page.locator("#recovery-expires option[value='1h']").textContent(), "1 Stunde");
  await screenshot(page, "77-de-admin-identity");
  await desk.close();
});
