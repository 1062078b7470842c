// The admin page (its words come from messages.js, in the language of the person at the desk): an
// API key held in this tab's sessionStorage, sent as a bearer token to the
// admin API of this listener. Everything shown is set as text, never as HTML.
import { t } from "./messages.js";

const KEY = "latchkey-admin-key";
const $ = (id) => document.getElementById(id);

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
  if (message) box.focus();
}

function showStatus(message) {
  $("status").textContent = message;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      Authorization: `Bearer ${sessionStorage.getItem(KEY)}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    if (response.status === 401) signOut();
    const reference = data?.error?.request_id ?? response.headers.get("X-Request-Id");
    const message = data?.error?.message ?? t("admin-js-failed");
    throw new Error(reference ? t("admin-js-failed-reference", { message, reference }) : message);
  }
  return { status: response.status, data };
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  row.append(td);
  return td;
}

function fillTable(table, items, columns) {
  const body = $(table).querySelector("tbody");
  body.replaceChildren(
    ...items.map((item) => {
      const row = document.createElement("tr");
      for (const column of columns) column(row, item);
      return row;
    }),
  );
}

const when = (text) => (text ? text.replace("T", " ").slice(0, 16) : t("admin-js-never"));

function signOut() {
  sessionStorage.removeItem(KEY);
  $("console").hidden = true;
  $("sign-out").hidden = true;
  $("key-form").hidden = false;
}

async function signIn() {
  await api("GET", "/admin/identities?page_size=1");
  $("key-form").hidden = true;
  $("console").hidden = false;
  $("sign-out").hidden = false;
  await showPending();
  await showHealth();
  await showMigration();
  await showClients();
  $("search-email").focus();
}

async function search(email) {
  const { data } = await api("GET", `/admin/identities?email=${encodeURIComponent(email)}&page_size=50`);
  $("results").hidden = false;
  fillTable("results", data.identities, [
    (row, i) => cell(row, i.email),
    (row, i) => cell(row, i.state),
    (row, i) => cell(row, t(i.tier === "high_value" ? "admin-js-high-value" : "admin-js-standard")),
    (row, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = t("admin-js-open");
      button.setAttribute("aria-label", t("admin-js-open-label", { email: i.email }));
      button.addEventListener("click", () => openIdentity(i.id).catch((e) => showError(e.message)));
      cell(row, "").append(button);
    },
  ]);
  showStatus(t("admin-js-found", { count: data.identities.length }));
}

let current = null;

async function openIdentity(id) {
  current = id;
  const [{ data: summary }, { data: links }, { data: audit }, { data: apps }] = await Promise.all([
    api("GET", `/admin/identities/${id}`),
    api("GET", `/admin/identities/${id}/recovery-links`),
    api("GET", `/admin/audit?identity_id=${id}&limit=100`),
    api("GET", `/admin/identities/${id}/apps`),
  ]);
  fillTable("identity-apps", apps.apps, [
    (row, a) => cell(row, a.name),
    (row, a) => cell(row, String(a.active_grants)),
    (row, a) => cell(row, when(a.last_signed_in_at)),
    (row, a) => cell(row, a.consented_scopes.join(", ") || t("admin-js-no-consent")),
    (row, a) =>
      cell(row, "").append(
        actionButton(t("admin-js-remove-access"), t("admin-js-remove-access-label", { app: a.name }), async () => {
          await api("DELETE", `/admin/identities/${id}/apps/${encodeURIComponent(a.client_id)}`);
          showStatus(t("admin-js-access-removed", { app: a.name }));
          await openIdentity(id);
        }),
      ),
  ]);
  $("identity").hidden = false;
  $("issued").hidden = true;
  $("identity-heading").textContent = summary.email;
  const facts = [
    [t("admin-js-fact-state"), summary.state],
    [t("admin-js-fact-tier"), t(summary.tier === "high_value" ? "admin-js-tier-high-value" : "admin-js-standard")],
    [t("admin-js-fact-passkeys"), String(summary.passkeys)],
    [t("admin-js-fact-codes"), String(summary.backup_codes_left)],
    [
      t("admin-js-fact-addresses"),
      summary.addresses.map((a) => `${a.value} (${t(a.verified ? "admin-js-confirmed" : "admin-js-unconfirmed")})`).join(", "),
    ],
    [t("admin-js-fact-sessions"), String(summary.active_sessions)],
    [t("admin-js-fact-last-sign-in"), when(summary.last_sign_in_at)],
  ];
  $("identity-facts").replaceChildren(
    ...facts.flatMap(([term, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  fillTable("links", links.recovery_links, [
    (row, l) => cell(row, when(l.created_at)),
    (row, l) => cell(row, l.status.replace("_", " ")),
    (row, l) => {
      const td = cell(row, [l.reason, l.reason_text].filter(Boolean).join(": "));
      if (l.flagged) {
        const flag = document.createElement("strong");
        flag.className = "flag";
        flag.textContent = ` ${t("admin-js-no-reason")}`;
        td.append(flag);
      }
    },
    (row, l) => cell(row, [l.verification, l.verification_text].filter(Boolean).join(": ")),
  ]);
  fillTable("history", audit.entries, [
    (row, e) => cell(row, when(e.at)),
    (row, e) => cell(row, e.action),
    (row, e) => cell(row, e.actor.kind === "identity" ? t("admin-js-the-person") : e.actor.name ?? e.actor.kind),
    (row, e) => cell(row, e.reason ?? ""),
  ]);
  $("identity-heading").focus();
}

// A small button in a table row; errors show in the page's error box.
function actionButton(text, label, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", () => onClick().catch((e) => showError(e.message)));
  return button;
}

const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);

function showSecret(client, secret) {
  $("client-secret-box").hidden = !secret;
  if (!secret) return;
  $("client-secret-text").textContent = t("admin-js-secret", { app: client });
  $("client-secret").value = secret;
  $("client-secret").focus();
  $("client-secret").select();
}

// The OpenID Connect provider's apps: the configuration's, and those registered here.
async function showClients() {
  const { data } = await api("GET", "/admin/oauth2/clients");
  fillTable("clients", data.clients, [
    (row, c) => cell(row, `${c.name} (${c.id})`),
    (row, c) =>
      cell(
        row,
        `${t(c.confidential ? "admin-js-confidential" : "admin-js-public")}, ${t(c.first_party ? "admin-js-own-app" : "admin-js-third-party")}`,
      ),
    (row, c) => cell(row, c.redirect_uris.join(" ")),
    (row, c) => cell(row, t(c.source === "config" ? "admin-js-from-config" : "admin-js-from-page")),
    (row, c) => {
      const td = cell(row, "");
      if (c.source !== "admin") return;
      if (c.confidential) {
        td.append(
          actionButton(t("admin-js-new-secret"), t("admin-js-new-secret-label", { app: c.name }), async () => {
            const { data: made } = await api("POST", `/admin/oauth2/clients/${encodeURIComponent(c.id)}/secret`, {});
            showSecret(c.name, made.client_secret);
          }),
        );
      }
      td.append(
        actionButton(t("admin-js-remove"), t("admin-js-remove-label", { app: c.name }), async () => {
          await api("DELETE", `/admin/oauth2/clients/${encodeURIComponent(c.id)}`);
          showStatus(t("admin-js-app-removed", { app: c.name }));
          await showClients();
        }),
      );
    },
  ]);
}

// The sign-in funnel (GET /admin/funnel): the people who fell back to email and saved a passkey
// after, a chart of the main series, and every step by tier.
const HEALTH_SERIES = [
  { label: t("admin-js-series-passkey"), colour: "#1d4ed8", matches: (s) => s.step === "signed_in" && s.cause === "passkey" },
  {
    label: t("admin-js-series-email"),
    colour: "#b45309",
    matches: (s) => s.step === "signed_in" && (s.cause === "email_code" || s.cause === "magic_link"),
  },
  { label: t("admin-js-series-failures"), colour: "#b91c1c", matches: (s) => s.step === "passkey_failed" },
  {
    label: t("admin-js-series-saved"),
    colour: "#047857",
    matches: (s) => s.step === "passkey_saved" && s.cause === "code",
  },
];

// The funnel's steps, as the admin-js-step-* messages say them.
const STEPS = [
  "passkey_started",
  "passkey_failed",
  "signed_in",
  "email_offered",
  "email_chosen",
  "code_requested",
  "code_expired",
  "link_opened",
  "passkey_saved",
  "recovery_requested",
  "recovery_approved",
  "recovery_issued",
  "recovery_cancelled",
  "prompt_shown",
  "prompt_put_off",
  "password_disabled",
];
const stepInWords = (step) => (STEPS.includes(step) ? t(`admin-js-step-${step}`) : step);

async function showHealth() {
  const days = $("health-days").value;
  const { data } = await api("GET", `/admin/funnel?days=${days}`);
  const people = data.email_fallbacks;
  $("health-people").textContent = t("admin-js-people", { people: people.people, saved: people.then_saved_passkey });
  drawHealthChart(data);
  const rows = new Map();
  for (const total of data.totals) {
    const name = `${stepInWords(total.step)}${total.cause ? ` (${total.cause})` : ""}`;
    const row = rows.get(name) ?? { standard: 0, high_value: 0, unknown: 0 };
    row[total.tier] = (row[total.tier] ?? 0) + total.count;
    rows.set(name, row);
  }
  fillTable("health-steps", [...rows.entries()], [
    (row, [name]) => cell(row, name),
    (row, [, c]) => cell(row, String(c.standard)),
    (row, [, c]) => cell(row, String(c.high_value)),
    (row, [, c]) => cell(row, String(c.unknown)),
  ]);
}

// A bar chart drawn as SVG here (no library, nothing from elsewhere): one group of bars per hour
// or day, one bar per series.
function drawHealthChart(data) {
  const svg = $("health-chart");
  const ns = "http://www.w3.org/2000/svg";
  const step = data.bucket === "hour" ? 3600e3 : 86400e3;
  const since = Date.parse(data.since);
  const buckets = Math.max(1, Math.round((Date.now() - since) / step));
  const counts = HEALTH_SERIES.map(() => new Array(buckets).fill(0));
  for (const s of data.series) {
    const at = Math.min(buckets - 1, Math.floor((Date.parse(s.start) - since) / step));
    HEALTH_SERIES.forEach((series, i) => {
      if (series.matches(s)) counts[i][at] += s.count;
    });
  }
  const highest = Math.max(1, ...counts.flat());
  const [width, height, base] = [640, 200, 180];
  const group = width / buckets;
  const bar = Math.max(1, (group * 0.8) / HEALTH_SERIES.length);
  const shapes = [];
  counts.forEach((series, i) =>
    series.forEach((count, at) => {
      if (!count) return;
      const rect = document.createElementNS(ns, "rect");
      const tall = (count / highest) * (base - 10);
      rect.setAttribute("x", String(at * group + group * 0.1 + i * bar));
      rect.setAttribute("y", String(base - tall));
      rect.setAttribute("width", String(bar));
      rect.setAttribute("height", String(tall));
      rect.setAttribute("fill", HEALTH_SERIES[i].colour);
      const tip = document.createElementNS(ns, "title");
      tip.textContent = `${HEALTH_SERIES[i].label}: ${count}`;
      rect.append(tip);
      shapes.push(rect);
    }),
  );
  const axis = document.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({ x1: 0, y1: base, x2: width, y2: base, stroke: "#555" })) axis.setAttribute(k, String(v));
  const label = document.createElementNS(ns, "text");
  label.setAttribute("x", "0");
  label.setAttribute("y", String(height - 4));
  label.setAttribute("font-size", "12");
  label.textContent = t(data.bucket === "hour" ? "admin-js-chart-hours" : "admin-js-chart-days", {
    since: new Date(since).toLocaleString(document.documentElement.lang),
    highest,
  });
  svg.replaceChildren(svg.querySelector("title"), ...shapes, axis, label);
  $("health-legend").replaceChildren(
    ...HEALTH_SERIES.map((series, i) => {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.dataset.series = String(i);
      item.append(swatch, ` ${series.label}: ${counts[i].reduce((a, b) => a + b, 0)} `);
      return item;
    }),
  );
}

// How far the imported accounts have moved to passkeys (GET /admin/migration).
async function showMigration() {
  const { data } = await api("GET", "/admin/migration");
  $("migration").hidden = data.legacy_accounts === 0;
  const signIns = data.password_sign_ins_per_day.reduce((sum, day) => sum + day.count, 0);
  $("migration-summary").textContent = t("admin-js-migration", {
    accounts: data.legacy_accounts,
    passkey: data.with_passkey,
    password: data.password_on,
    disabled: data.passwords_disabled,
    sign_ins: signIns,
  });
  $("migration-prompts").textContent = t("admin-js-prompts", {
    shown: data.switch_prompts_shown,
    accepted: data.switch_prompts_accepted,
    automatic: data.automatic_upgrades,
    disable: data.disable_prompts_shown,
    put_off: data.prompts_put_off,
  });
  fillTable("migration-cohorts", data.cohorts, [
    (row, c) => cell(row, c.imported_on),
    (row, c) => cell(row, String(c.accounts)),
    (row, c) => cell(row, String(c.with_passkey)),
    (row, c) => cell(row, String(c.password_on)),
  ]);
}

async function showPending() {
  const { data } = await api("GET", "/admin/recovery/requests");
  $("pending").hidden = data.requests.length === 0;
  $("pending-list").replaceChildren(
    ...data.requests.map((r) => {
      const item = document.createElement("li");
      const reason = `${r.reason}${r.reason_text ? ` (${r.reason_text})` : ""}`;
      item.textContent = `${t("admin-js-pending", { when: when(r.created_at), reason, verification: r.verification })} `;
      const approve = document.createElement("button");
      approve.type = "button";
      approve.textContent = t("admin-js-approve");
      approve.addEventListener("click", async () => {
        try {
          const { data: issued } = await api("POST", `/admin/recovery/requests/${r.id}/approve`);
          showIssued(issued);
          await showPending();
        } catch (error) {
          showError(error.message);
        }
      });
      item.append(approve);
      return item;
    }),
  );
}

function showIssued(issued) {
  $("identity").hidden = false;
  $("issued").hidden = false;
  const until = when(issued.expires_at);
  const works =
    new Date(issued.usable_from) > new Date()
      ? t("admin-js-issued-cooling", { from: when(issued.usable_from), until })
      : t("admin-js-issued", { until });
  $("issued-text").textContent = `${works} ${t("admin-js-notified", { count: issued.notified_addresses })}`;
  $("issued-link").value = issued.recovery_link;
  $("issued-link").focus();
  $("issued-link").select();
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $("api-key").value.trim());
  $("api-key").value = "";
  try {
    showError("");
    await signIn();
  } catch (error) {
    signOut();
    showError(error.message);
  }
});

$("health-days").addEventListener("change", () => showHealth().catch((e) => showError(e.message)));

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    showError("");
    await search($("search-email").value.trim());
  } catch (error) {
    showError(error.message);
  }
});

$("recovery-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { identity_id: current };
  for (const [name, value] of form) if (value) body[name] = value;
  try {
    showError("");
    const { status, data } = await api("POST", "/admin/recovery/link", body);
    if (status === 202) {
      $("issued").hidden = false;
      $("issued-text").textContent = t("admin-js-needs-approval");
      $("issued-link").value = "";
      await showPending();
    } else {
      showIssued(data);
    }
    await openIdentity(current).then(() => ($("issued").hidden = false));
  } catch (error) {
    showError(error.message);
  }
});

$("client-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const scopes = ["openid", ...["email", "offline_access"].filter((s) => form.get(`scope_${s}`))];
  try {
    const { data } = await api("POST", "/admin/oauth2/clients", {
      id: form.get("id"),
      name: form.get("name") || undefined,
      confidential: Boolean(form.get("confidential")),
      first_party: Boolean(form.get("first_party")),
      redirect_uris: lines(form.get("redirect_uris")),
      post_logout_redirect_uris: lines(form.get("post_logout_redirect_uris")),
      scopes,
    });
    showError("");
    showStatus(t("admin-js-registered", { app: data.client.name }));
    event.target.reset();
    await showClients();
    showSecret(data.client.name, data.client_secret);
  } catch (error) {
    showError(error.message);
  }
});

$("sign-out").addEventListener("click", signOut);

if (sessionStorage.getItem(KEY)) signIn().catch(() => signOut());
