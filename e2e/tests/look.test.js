// The operator's look in Debian's Chromium: latchkey's own and an operator's (name, logo, colours,
// font, extra stylesheet from the config), each in the light and the dark colour scheme and in
// two languages, every state checked by axe (contrast included). Also makes the README's
// screenshots of the sign-in page in both looks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { addVirtualAuthenticator, checkAccessibility, launchBrowser, signUpThroughPage, startServer } from "../lib/server.js";

const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
mkdirSync(screenshots, { recursive: true });

const brand = mkdtempSync(join(tmpdir(), "latchkey-look-"));
writeFileSync(
  join(brand, "logo.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40" viewBox="0 0 180 40">` +
    `<rect width="40" height="40" rx="8" fill="#0b6e4f"/><path d="M12 28 L20 10 L28 28 Z" fill="#ffffff"/>` +
    `<text x="50" y="27" font-family="Georgia, serif" font-size="20" fill="#0b6e4f">Acme Health</text></svg>`,
);
writeFileSync(join(brand, "brand.css"), "main { border-top: 6px solid var(--lk-primary); }\n");

// An operator's look, set as environment overrides of ui.* (a value starting # is a colour, not
// a YAML comment).
const ACME = {
  LATCHKEY_UI__NAME: "Acme Health",
  LATCHKEY_UI__LOGO_PATH: join(brand, "logo.svg"),
  LATCHKEY_UI__STYLESHEET_PATH: join(brand, "brand.css"),
  LATCHKEY_UI__FONT_FAMILY: "Georgia, serif",
  LATCHKEY_UI__COLORS__PRIMARY: "#0b6e4f",
  LATCHKEY_UI__COLORS__LINK: "#0b6e4f",
  LATCHKEY_UI__COLORS__BACKGROUND: "#eef6f2",
  LATCHKEY_UI__DARK_COLORS__PRIMARY: "#6ee7b7",
  LATCHKEY_UI__DARK_COLORS__ON_PRIMARY: "#052e1b",
  LATCHKEY_UI__DARK_COLORS__LINK: "#6ee7b7",
  LATCHKEY_UI__DARK_COLORS__BACKGROUND: "#0c1a15",
};

const looks = {};
let browser;
before(async () => {
  [looks.latchkey, looks.acme, browser] = await Promise.all([startServer(), startServer(ACME), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  for (const server of Object.values(looks)) server.stop();
});

const SCHEMES = ["light", "dark"];
const LANGUAGES = ["en-US", "de-DE"];

test("every look, scheme and language passes axe on the sign-in, error, sign-up and account states", async () => {
  for (const [look, server] of Object.entries(looks)) {
    for (const colorScheme of SCHEMES) {
      for (const locale of LANGUAGES) {
        const name = `${look}-${colorScheme}-${locale}`;
        const context = await browser.newContext({ colorScheme, locale });
        const page = await context.newPage();
        await addVirtualAuthenticator(page);
        await page.goto(`${server.baseUrl}/ui/login`);
        await checkAccessibility(page, `${name} sign-in`);
        await page.locator("#fallback summary").click();
        await page.locator("#email").fill("not an address");
        await page.locator("#send-code").click();
        await page.getByRole("alert").waitFor();
        await checkAccessibility(page, `${name} error`);
        // The sign-up helper reads English labels: sign up in English, then read the account page
        // in the language under test (picked from the menu's address).
        await page.goto(`${server.baseUrl}/ui/login?lang=en`);
        await signUpThroughPage(page, server.baseUrl, `${look}-${colorScheme}-${locale}@example.com`.toLowerCase());
        const language = locale.slice(0, 2);
        await page.goto(`${server.baseUrl}/ui/settings?lang=${language}`);
        assert.equal(await page.getAttribute("html", "lang"), language);
        await checkAccessibility(page, `${name} account`);
        await context.close();
      }
    }
  }
});

test("the operator's name, logo, colours, font and stylesheet reach the page, dark scheme included", async () => {
  // No transitions, so a colour read right after the scheme changes is the new one.
  const context = await browser.newContext({ colorScheme: "light", reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto(`${looks.acme.baseUrl}/ui/login`);
  assert.match(await page.title(), / · Acme Health$/);
  const logo = page.getByRole("img", { name: "Acme Health" });
  assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), "the logo loads");
  const primary = page.getByRole("button", { name: "Sign in with passkey" });
  const style = (locator, property) => locator.evaluate((el, p) => getComputedStyle(el)[p], property);
  assert.equal(await style(primary, "backgroundColor"), "rgb(11, 110, 79)");
  assert.match(await style(page.locator("main"), "fontFamily"), /Georgia/);
  assert.equal(await style(page.locator("main"), "borderTopWidth"), "6px", "the extra stylesheet applies");
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await style(primary, "backgroundColor"), "rgb(110, 231, 183)");
  assert.equal(await style(primary, "color"), "rgb(5, 46, 27)");
  await page.screenshot({ path: join(screenshots, "login-acme-dark.png") });

  const plain = await browser.newContext({ colorScheme: "light" });
  const latchkey = await plain.newPage();
  await latchkey.goto(`${looks.latchkey.baseUrl}/ui/login`);
  assert.equal(await style(latchkey.getByRole("button", { name: "Sign in with passkey" }), "backgroundColor"), "rgb(29, 78, 216)");
  assert.equal(await latchkey.locator("header img").count(), 0, "no logo configured: the name");
  await latchkey.screenshot({ path: join(screenshots, "login-latchkey-light.png") });
  await context.close();
  await plain.close();
});

test("focus stays visible in every look and scheme", async () => {
  for (const [look, server] of Object.entries(looks)) {
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ colorScheme, reducedMotion: "reduce" });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/ui/login`);
      for (let i = 0; i < 2; i++) await page.keyboard.press("Tab");
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { text: document.activeElement.textContent.trim(), style: style.outlineStyle, width: style.outlineWidth };
      });
      assert.deepEqual(ring, { text: "Sign in with passkey", style: "solid", width: "3px" }, `${look} ${colorScheme}`);
      await context.close();
    }
  }
});

test("motion only for people who have not asked for less", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${looks.latchkey.baseUrl}/ui/login`);
  const scrolling = () => page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior);
  await page.emulateMedia({ reducedMotion: "no-preference" });
  assert.equal(await scrolling(), "smooth");
  await page.emulateMedia({ reducedMotion: "reduce" });
  assert.equal(await scrolling(), "auto");
  const transition = await page.getByRole("button", { name: "Sign in with passkey" }).evaluate((b) => getComputedStyle(b).transitionDuration);
  assert.equal(transition, "0s");
  await context.close();
});
