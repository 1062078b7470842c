// Starts a real `latchkey serve --dev` on free ports in a fresh folder, and Debian's chromium with
// a CDP virtual authenticator.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const outputDir = join(root, "e2e", "test-output");
mkdirSync(outputDir, { recursive: true });

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

// `settings`: more LATCHKEY_* variables for this server (a policy under test).
export async function startServer(settings = {}) {
  const [port, adminPort] = [await freePort(), await freePort()];
  const baseUrl = `http://localhost:${port}`;
  const cwd = mkdtempSync(join(tmpdir(), "latchkey-e2e-"));
  const bin = process.env.LATCHKEY_BIN ?? join(root, "target", "debug", "latchkey");
  const child = spawn(bin, ["serve", "--dev"], {
    cwd,
    env: {
      PATH: process.env.PATH,
      LATCHKEY_SERVE__PUBLIC__PORT: String(port),
      LATCHKEY_SERVE__PUBLIC__BASE_URL: `${baseUrl}/`,
      LATCHKEY_SERVE__ADMIN__PORT: String(adminPort),
      ...settings,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`latchkey exited early:\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) {
        return {
          baseUrl,
          adminUrl: `http://localhost:${adminPort}`,
          // The operator's command, run where the server keeps its data.
          createAdminKey: (name, role) =>
            execFileSync(bin, ["admin", "keys", "create", "--dev", "--name", name, "--owner", name, "--role", role], {
              cwd,
              env: { PATH: process.env.PATH },
              encoding: "utf8",
            }).trim(),
          // Imports identities from a file (`latchkey identities import`); returns its summary.
          importIdentities: (file) =>
            execFileSync(bin, ["identities", "import", "--dev", file], {
              cwd,
              env: { PATH: process.env.PATH },
              encoding: "utf8",
            }).trim(),
          stop: () => child.kill("SIGTERM"),
          log: () => log,
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`latchkey did not become ready:\n${log}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// A platform authenticator as a phone or laptop has: resident keys, user verification (biometric).
export async function addVirtualAuthenticator(page, options = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      ...options,
    },
  });
  return { cdp, authenticatorId };
}

// The value of one series in the admin listener's /metrics (0 when it has none yet).
export async function metric(adminUrl, series) {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

// Waits until `series` reaches `value` (the pages report through a beacon, a moment later).
export async function waitForMetric(adminUrl, series, value) {
  const deadline = Date.now() + 10_000;
  let seen;
  while (Date.now() < deadline) {
    seen = await metric(adminUrl, series);
    if (seen === value) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${series} is ${seen}, not ${value}`);
}

// axe-core, pinned: WCAG 2.2 A and AA rules.
const axeSource = readFileSync(join(root, "e2e", "node_modules", "axe-core", "axe.min.js"), "utf8");

// Every state a test stops to look at is also checked for accessibility: zero violations of the
// WCAG 2.2 A/AA rules. A page opened without JavaScript (`withoutJavaScript`) is checked at the
// same address in a page that may run axe but whose own scripts are blocked: what such a visitor
// gets, less the <noscript> notices (which a page running scripts does not render).
export async function checkAccessibility(page, name, { withoutJavaScript = false } = {}) {
  let checked = page;
  if (withoutJavaScript) {
    checked = await page.context().browser().newPage();
    await checked.route("**/*.js", (route) => route.abort());
    await checked.goto(page.url());
  }
  try {
    await checked.evaluate(axeSource);
    const { violations } = await checked.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
    );
    report(name, violations);
  } finally {
    if (checked !== page) await checked.close();
  }
}

function report(name, violations) {
  const found = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  if (found.length) throw new Error(`${name}: accessibility violations:\n${found.join("\n")}`);
}

export async function screenshot(page, name, options) {
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
  await checkAccessibility(page, name, options);
}

// One latchkey and one chromium for the tests of a file, stopped when they finish.
export function useServerAndBrowser(before, after, settings = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(settings);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

// Messages the dev outbox delivered to `to`, oldest first.
export async function mailsTo(baseUrl, to) {
  const response = await fetch(`${baseUrl}/dev/outbox`, { headers: { Accept: "application/json" } });
  const { messages } = await response.json();
  return messages.filter((m) => m.recipient === to).reverse();
}

// Waits for message number `count` (1-based) to `to` and returns it with its code and link.
export async function waitForMail(baseUrl, to, count) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const mails = await mailsTo(baseUrl, to);
    if (mails.length >= count) {
      const mail = mails[count - 1];
      const code = mail.text_body.split("\n").map((l) => l.trim()).find((l) => /^\d{6}$/.test(l));
      const link = mail.text_body.split(/\s+/).find((w) => w.includes("#token="));
      return { ...mail, code, link };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail number ${count} to ${to}`);
}

// The registration page up to the passkey saved (the offers that follow still showing).
export async function createAccountThroughPage(page, baseUrl, email) {
  await page.goto(`${baseUrl}/ui/registration`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Create account with passkey" }).click();
  const mail = await waitForMail(baseUrl, email, 1);
  await page.getByLabel("Code from the email").fill(mail.code);
  await page.getByRole("button", { name: "Confirm and create passkey" }).click();
  await page.getByRole("heading", { name: /Passkey saved to this device/ }).waitFor();
}

// Signs up `email` through the hosted registration page: the emailed code proves the address,
// then the page's authenticator makes the passkey; the offers that follow (a second passkey,
// backup codes) are put off.
export async function signUpThroughPage(page, baseUrl, email) {
  await createAccountThroughPage(page, baseUrl, email);
  await page.getByRole("button", { name: "Later" }).click();
  await page.getByRole("button", { name: "Not now" }).click();
  await page.waitForURL(`${baseUrl}/ui/settings`);
}
