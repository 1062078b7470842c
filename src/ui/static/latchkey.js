// latchkey's hosted pages: their script (with messages.js, shared with the admin page). It calls navigator.credentials and converts between
// ArrayBuffers and the base64url strings of the JSON API. No build step, no dependencies.

import { t } from "./messages.js";

const main = document.getElementById("main");
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const errorBox = document.getElementById("error");
const statusLine = document.getElementById("status");

const b64url = {
  decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  },
  encode(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },
};

// `reference`: the request id of a server's answer, for support to find its log lines.
function showError(message, reference) {
  statusLine.textContent = "";
  errorBox.textContent = message;
  if (reference) {
    const quoted = document.createElement("small");
    quoted.className = "reference";
    quoted.textContent = ` ${t("js-reference", { id: reference })}`;
    errorBox.append(quoted);
  }
  errorBox.hidden = false;
  errorBox.focus();
}

// Opened at an address that is not the site's (say 127.0.0.1 for a site at localhost): the
// browser will not use the site's passkeys here, so say at once where sign-in lives. True then.
function checkAddress() {
  const origins = document.querySelector('meta[name="site-origins"]')?.content.split(" ") ?? [];
  if (origins.length === 0 || origins.includes(location.origin)) return false;
  const site = document.querySelector('meta[name="site-origin"]').content;
  const right = new URL(location.pathname + location.search, site);
  document.getElementById("wrong-address-text").textContent = t("js-wrong-address", {
    opened: location.origin,
    site,
  });
  const link = document.getElementById("wrong-address-link");
  link.href = right.href;
  link.textContent = t("js-open", { url: right.href });
  document.getElementById("wrong-address").hidden = false;
  return true;
}
const atWrongAddress = checkAddress();

// What the browser says it can do (WebAuthn Level 3 getClientCapabilities), or null where it
// cannot say: the pages offer autofill, the automatic upgrade and "On phone" only where they work.
const clientCapabilities = (async () => {
  try {
    return (await window.PublicKeyCredential?.getClientCapabilities?.()) ?? null;
  } catch {
    return null;
  }
})();

function showStatus(message) {
  errorBox.hidden = true;
  statusLine.textContent = message;
}

async function post(path, body) {
  return send("POST", path, body);
}

async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    const error = new Error(data?.error?.message ?? t("js-failed"));
    error.id = data?.error?.id;
    error.status = response.status;
    error.reference = data?.error?.request_id ?? response.headers.get("X-Request-Id");
    throw error;
  }
  return data;
}

function creationOptions(options) {
  const publicKey = { ...options.publicKey };
  publicKey.challenge = b64url.decode(publicKey.challenge);
  publicKey.user = { ...publicKey.user, id: b64url.decode(publicKey.user.id) };
  publicKey.excludeCredentials = (publicKey.excludeCredentials ?? []).map((c) => ({ ...c, id: b64url.decode(c.id) }));
  return { publicKey };
}

function requestOptions(options) {
  const publicKey = { ...options.publicKey };
  publicKey.challenge = b64url.decode(publicKey.challenge);
  publicKey.allowCredentials = (publicKey.allowCredentials ?? []).map((c) => ({ ...c, id: b64url.decode(c.id) }));
  return { publicKey };
}

function registrationJSON(credential) {
  return {
    id: credential.id,
    rawId: b64url.encode(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: b64url.encode(credential.response.clientDataJSON),
      attestationObject: b64url.encode(credential.response.attestationObject),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    },
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    extensions: credential.getClientExtensionResults(),
  };
}

function assertionJSON(credential) {
  const response = credential.response;
  return {
    id: credential.id,
    rawId: b64url.encode(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: b64url.encode(response.clientDataJSON),
      authenticatorData: b64url.encode(response.authenticatorData),
      signature: b64url.encode(response.signature),
      userHandle: response.userHandle ? b64url.encode(response.userHandle) : null,
    },
    extensions: credential.getClientExtensionResults(),
  };
}

// Words for the ways a browser ceremony fails, so nobody is left with a bare exception name.
function ceremonyMessage(error) {
  if (error.id) return error.message;
  switch (error.name) {
    case "NotAllowedError":
      return t("js-ceremony-not-allowed");
    case "InvalidStateError":
      return t("js-ceremony-invalid-state");
    case "SecurityError":
      return t("js-ceremony-security");
    case "AbortError":
      return t("js-ceremony-aborted");
    default:
      return t("js-ceremony-other");
  }
}

function passkeysSupported() {
  if (window.PublicKeyCredential && navigator.credentials) return true;
  showError(t("js-no-passkeys"));
  return false;
}

function goTo(url) {
  window.location.assign(url);
}

// ---- sign in -------------------------------------------------------------------------------

let conditionalRequest = null;

async function signIn(mediation) {
  const { flow_id, options } = await post("/self-service/login/passkey/options");
  const request = requestOptions(options);
  if (mediation === "conditional") {
    conditionalRequest = new AbortController();
    request.mediation = "conditional";
    request.signal = conditionalRequest.signal;
  }
  const credential = await navigator.credentials.get(request);
  showStatus(t("js-checking-passkey"));
  const result = await verifyAssertion("/self-service/login/passkey/verify", options, credential, {
    flow_id,
    credential: assertionJSON(credential),
    return_to: main.dataset.returnTo || undefined,
  });
  showStatus(t("js-signed-in"));
  await signalPasskeys();
  if (result.disable_password && document.getElementById("offer-password-off")) {
    offerPasswordOff(result.redirect_to);
    return;
  }
  goTo(result.redirect_to);
}

// The password migration's last step, after a passkey sign-in: turn the old password off, or not
// now (asked again after the prompt interval).
function offerPasswordOff(redirectTo) {
  document.getElementById("signin-step").hidden = true;
  statusLine.textContent = "";
  const offer = document.getElementById("offer-password-off");
  offer.hidden = false;
  document.getElementById("password-off-heading").focus();
  document.getElementById("password-off-later").addEventListener("click", async () => {
    try {
      await post("/self-service/settings/password/prompt", { answer: "continue" });
    } finally {
      goTo(redirectTo);
    }
  });
  document.getElementById("password-off").addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      await send("DELETE", "/self-service/settings/password");
      goTo(redirectTo);
    } catch (error) {
      showError(error.message, error.reference);
      event.target.disabled = false;
    }
  });
}

// Confirms it's the signed-in person with one of their passkeys: the session is replaced by one
// whose privileged window is open (and whose restriction, if any, is lifted).
// `confirmPasskey`: the id of a passkey still in its cooldown that this step-up vouches for.
async function stepUp(returnTo, confirmPasskey) {
  const { flow_id, options } = await post("/self-service/step-up/passkey/options");
  const credential = await navigator.credentials.get(requestOptions(options));
  return verifyAssertion("/self-service/step-up/passkey/verify", options, credential, {
    flow_id,
    credential: assertionJSON(credential),
    return_to: returnTo,
    confirm_passkey: confirmPasskey,
  });
}

// ---- WebAuthn Signal API (Level 3) ---------------------------------------------------------
// Keeps the person's passkey provider in step with the account: passkeys the account no longer
// accepts disappear from it, and its name stays current. Feature-detected: browsers without the
// API get nothing, and a provider that refuses a signal never stops the page.

// Posts a passkey assertion. When the server says the credential belongs to no account at all
// (`passkey_unknown`: removed, or never registered here), the provider is told to stop offering
// it. Never on a bad signature or an inactive account: those answer another error, so a passkey
// that works is never dropped.
async function verifyAssertion(path, options, credential, body) {
  try {
    return await post(path, body);
  } catch (error) {
    if (error.id === "passkey_unknown") {
      await PublicKeyCredential.signalUnknownCredential?.({ rpId: options.publicKey.rpId, credentialId: credential.id })
        .catch(() => {});
    }
    throw error;
  }
}

// After a sign-in and on the account page: the passkeys the account accepts, and its name.
async function signalPasskeys() {
  const signals = window.PublicKeyCredential;
  if (!signals?.signalAllAcceptedCredentials && !signals?.signalCurrentUserDetails) return;
  try {
    const response = await fetch("/self-service/passkeys/signals", { credentials: "same-origin" });
    if (!response.ok) return;
    const { rp_id: rpId, user_id: userId, name, display_name: displayName, accepted_credential_ids } =
      await response.json();
    await signals.signalAllAcceptedCredentials?.({ rpId, userId, allAcceptedCredentialIds: accepted_credential_ids });
    await signals.signalCurrentUserDetails?.({ rpId, userId, name, displayName });
  } catch {
    // Nothing the person needs to know: the provider simply stays as it was.
  }
}

// After a sign-in without a passkey: a high-value account must save one first (the server sends
// the browser to the re-enrolment page); others are offered one.
function afterFallbackSignIn(result, onSkip) {
  if (result.next === "save_passkey") {
    signalPasskeys().finally(() => goTo(result.redirect_to));
    return false;
  }
  signalPasskeys();
  offerPasskey(result.redirect_to, onSkip);
  return true;
}

// Runs a sensitive action; when it answers step_up_required, asks for the passkey inline and
// runs it once more.
async function withStepUp(action) {
  try {
    return await action();
  } catch (error) {
    if (error.id !== "step_up_required") throw error;
    showStatus(t("js-confirm-first"));
    await stepUp();
    showStatus("");
    return action();
  }
}

async function startAutofill() {
  if (atWrongAddress || !window.PublicKeyCredential?.isConditionalMediationAvailable) return;
  // Both must agree where the browser reports capabilities: the older check alone elsewhere.
  if ((await clientCapabilities)?.conditionalGet === false) return;
  if (!(await PublicKeyCredential.isConditionalMediationAvailable())) return;
  // Autofill waits quietly: dismissing it (NotAllowedError) or leaving for email (AbortError) is
  // not a failure to report; a passkey that was chosen and then refused is.
  signIn("conditional").catch((error) => {
    if (error.name !== "AbortError" && error.name !== "NotAllowedError") passkeyFailed(error);
  });
}

// The seed's common causes, in words, with the one that most likely applies first.
function passkeyHints(error) {
  const otherDevice = t("js-hint-other-device");
  const cleared = t("js-hint-cleared");
  const wrongSite = t("js-hint-wrong-site");
  if (error.name === "SecurityError") return [wrongSite, otherDevice, cleared];
  if (error.id === "passkey_verification_failed") return [cleared, otherDevice, wrongSite];
  return [otherDevice, cleared, wrongSite];
}

// A passkey that fails must never trap anyone: offer email at once, focused, no reload.
// Tells the server what it cannot see (a ceremony the browser ended, the email offer shown or
// taken) for the sign-in numbers: an event and an error name, nothing about the person.
function report(event, cause) {
  fetch("/self-service/beacon", {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(cause ? { event, cause } : { event }),
  }).catch(() => {});
}

const BROWSER_CAUSES = ["NotAllowedError", "SecurityError", "InvalidStateError", "AbortError", "NotSupportedError"];

function passkeyFailed(error) {
  // The server counted its own refusals; the browser's end only the page sees.
  if (!error.id) report("passkey_failed", BROWSER_CAUSES.includes(error.name) ? error.name : "other");
  report("email_offered");
  showError(ceremonyMessage(error), error.reference);
  const trouble = document.getElementById("passkey-trouble");
  const hints = document.getElementById("passkey-hints");
  hints.replaceChildren(
    ...passkeyHints(error).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
  trouble.hidden = false;
  document.getElementById("use-email").focus();
}

function openEmailFallback() {
  report("email_chosen");
  document.getElementById("fallback").open = true;
  document.getElementById("passkey-trouble").hidden = true;
  const email = document.getElementById("email");
  email.focus();
}

function initCodeSignIn() {
  const requestForm = document.getElementById("code-request-form");
  const codeForm = document.getElementById("code-form");
  const email = document.getElementById("email");
  const code = document.getElementById("code");
  const sentLine = document.getElementById("code-sent");
  let flowId = null;

  async function requestCode(replacing) {
    const address = email.value.trim();
    if (!address) {
      email.setAttribute("aria-invalid", "true");
      showError(t("js-enter-email"));
      email.focus();
      return;
    }
    email.removeAttribute("aria-invalid");
    showStatus(t("js-sending"));
    const sent = await post("/self-service/login/code", {
      email: address,
      flow_id: replacing ?? undefined,
      return_to: main.dataset.returnTo || undefined,
    });
    flowId = sent.flow_id;
    document.getElementById("passkey-trouble").hidden = true;
    requestForm.hidden = true;
    codeForm.hidden = false;
    showStatus("");
    sentLine.textContent = t("js-code-sent", { email: address });
    code.value = "";
    code.focus();
  }

  requestForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    conditionalRequest?.abort();
    const button = document.getElementById("send-code");
    button.disabled = true;
    try {
      await requestCode(null);
    } catch (error) {
      showError(error.message, error.reference);
    } finally {
      button.disabled = false;
    }
  });

  codeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!code.value.trim()) {
      code.setAttribute("aria-invalid", "true");
      showError(t("js-enter-code"));
      code.focus();
      return;
    }
    code.removeAttribute("aria-invalid");
    try {
      showStatus(t("js-checking-code"));
      const result = await post("/self-service/login/code/verify", {
        flow_id: flowId,
        code: code.value,
        email: email.value.trim(),
        return_to: main.dataset.returnTo || undefined,
      });
      afterFallbackSignIn(result);
    } catch (error) {
      showError(error.message, error.reference);
      code.setAttribute("aria-invalid", "true");
      code.select();
    }
  });

  initCodeActions("code", () => requestCode(flowId), () => {
    codeForm.hidden = true;
    requestForm.hidden = false;
    flowId = null;
    email.focus();
  });
}

// "Send a new code" and "Use a different email" under a code field (ids `${prefix}-resend` and
// `${prefix}-change-email`).
function initCodeActions(prefix, resend, changeEmail) {
  document.getElementById(`${prefix}-resend`).addEventListener("click", async () => {
    try {
      await resend();
      showStatus(t("js-new-code-sent"));
    } catch (error) {
      showError(error.message, error.reference);
    }
  });
  document.getElementById(`${prefix}-change-email`).addEventListener("click", changeEmail);
}

function initBackupCodeSignIn() {
  const form = document.getElementById("backup-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    conditionalRequest?.abort();
    const email = document.getElementById("backup-email");
    const code = document.getElementById("backup-code");
    for (const field of [email, code]) {
      if (!field.value.trim()) {
        field.setAttribute("aria-invalid", "true");
        showError(t(field === email ? "js-enter-email" : "js-enter-backup-code"));
        field.focus();
        return;
      }
      field.removeAttribute("aria-invalid");
    }
    try {
      showStatus(t("js-checking-code"));
      const result = await post("/self-service/login/backup-code", {
        email: email.value.trim(),
        code: code.value,
        return_to: main.dataset.returnTo || undefined,
      });
      const left = result.backup_codes_remaining;
      if (!afterFallbackSignIn(result)) return;
      document.getElementById("offer-detail").textContent = t("js-backup-codes-left", { count: left });
    } catch (error) {
      showError(error.message, error.reference);
      code.select();
    }
  });
}

// A legacy account's password (the migration to passkeys): then the offer to switch.
function initPasswordSignIn() {
  const form = document.getElementById("password-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    conditionalRequest?.abort();
    const email = document.getElementById("password-email");
    const password = document.getElementById("password");
    for (const field of [email, password]) {
      if (!field.value.trim()) {
        field.setAttribute("aria-invalid", "true");
        showError(t(field === email ? "js-enter-email" : "js-enter-password"));
        field.focus();
        return;
      }
      field.removeAttribute("aria-invalid");
    }
    try {
      showStatus(t("js-checking-password"));
      const result = await post("/self-service/login/password", {
        identifier: email.value.trim(),
        password: password.value,
        return_to: main.dataset.returnTo || undefined,
      });
      password.value = "";
      if (result.next !== "save_passkey" && !result.switch_to_passkey) {
        // Put off with "Continue" not long ago, or a passkey is already saved.
        goTo(result.redirect_to);
        return;
      }
      let upgraded = false;
      const putOff = () => upgraded || post("/self-service/settings/password/prompt", { answer: "continue" });
      if (!afterFallbackSignIn(result, putOff)) return;
      document.getElementById("offer-heading").textContent = t("js-switch-heading");
      document.getElementById("offer-detail").textContent = t("js-switch-detail");
      document.getElementById("offer-save").textContent = t("js-switch-save");
      document.getElementById("offer-skip").textContent = t("js-switch-skip");
      upgradeAutomatically().then((saved) => {
        if (!saved) return;
        upgraded = true;
        document.getElementById("offer-heading").textContent = t("js-upgraded-heading");
        document.getElementById("offer-detail").textContent = t("js-upgraded-detail");
        document.getElementById("offer-save").hidden = true;
        document.getElementById("offer-heading").focus();
      });
    } catch (error) {
      showError(error.message, error.reference);
      password.select();
    }
  });
}

// The automatic upgrade (WebAuthn conditional create): where the browser offers it, its password
// manager may save a passkey for the password just typed, without a dialog. It waits quietly
// beside the prompt, and the prompt's buttons stop it first: a browser runs one passkey request
// at a time. True when a passkey was saved.
let automaticUpgrade = null;

async function upgradeAutomatically() {
  if (!(await clientCapabilities)?.conditionalCreate) return false;
  const stop = new AbortController();
  automaticUpgrade = stop;
  try {
    const { flow_id, options } = await post("/self-service/settings/passkeys/options", { mediation: "conditional" });
    if (stop.signal.aborted) return false;
    const request = { ...creationOptions(options), mediation: "conditional", signal: stop.signal };
    const credential = await navigator.credentials.create(request);
    await post("/self-service/settings/passkeys/verify", { flow_id, credential: registrationJSON(credential) });
    return true;
  } catch {
    // Not offered by the password manager, stopped by a button, or refused: the prompt stays.
    return false;
  } finally {
    if (automaticUpgrade === stop) automaticUpgrade = null;
  }
}

// After an email sign-in: one click to save a passkey here, or skip.
// `onSkip`: what "Not now" records before leaving (the password prompt's "Continue").
function offerPasskey(redirectTo, onSkip) {
  document.getElementById("signin-step").hidden = true;
  errorBox.hidden = true;
  statusLine.textContent = "";
  const offer = document.getElementById("offer-passkey");
  offer.hidden = false;
  document.getElementById("offer-heading").focus();
  document.getElementById("offer-skip").addEventListener("click", async () => {
    automaticUpgrade?.abort();
    try {
      await onSkip?.();
    } finally {
      goTo(redirectTo);
    }
  });
  document.getElementById("offer-save").addEventListener("click", async (event) => {
    if (!passkeysSupported()) return;
    automaticUpgrade?.abort();
    event.target.disabled = true;
    try {
      showStatus(t("js-creating-passkey"));
      await addPasskey();
      showStatus(t("js-saved-here"));
      goTo(redirectTo);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      event.target.disabled = false;
    }
  });
}

// Right after the first passkey: a second one on a phone or a security key, or later.
function offerAnotherPasskey(redirectTo) {
  document.getElementById("another-passkey").hidden = false;
  document.getElementById("another-heading").focus();
  const save = async (device, button) => {
    button.disabled = true;
    try {
      showStatus(t(device === "phone" ? "js-follow-phone" : "js-tap-key"));
      await addPasskey(device);
      showStatus(t("js-second-saved"));
      offerBackupCodes(redirectTo);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      button.disabled = false;
    }
  };
  const phone = document.getElementById("another-phone");
  phone.addEventListener("click", (e) => save("phone", e.target));
  // A passkey on a phone needs the cross-device (hybrid) flow: not offered where it is missing.
  clientCapabilities.then((capabilities) => {
    if (capabilities?.hybridTransport === false) phone.hidden = true;
  });
  document.getElementById("another-key").addEventListener("click", (e) => save("security_key", e.target));
  document.getElementById("another-later").addEventListener("click", () => offerBackupCodes(redirectTo));
}

// Then backup codes, while the new passkey session may still make them: encouraged, skippable.
function offerBackupCodes(redirectTo) {
  const offer = document.getElementById("offer-backup-codes");
  if (!offer) {
    goTo(redirectTo);
    return;
  }
  document.getElementById("another-passkey").hidden = true;
  offer.hidden = false;
  document.getElementById("offer-backup-heading").focus();
  document.getElementById("backup-account").textContent = document.getElementById("email").value.trim();
  initBackupCodeSheet();
  const create = document.getElementById("offer-backup-create");
  const next = document.getElementById("offer-backup-continue");
  create.addEventListener("click", async () => {
    create.disabled = true;
    try {
      showBackupCodes((await post("/self-service/settings/backup-codes")).codes);
      document.getElementById("offer-backup-actions").hidden = true;
      next.hidden = false;
    } catch (error) {
      showError(error.message, error.reference);
    } finally {
      create.disabled = false;
    }
  });
  document.getElementById("offer-backup-skip").addEventListener("click", () => goTo(redirectTo));
  next.addEventListener("click", () => goTo(redirectTo));
}

async function addPasskey(device, returnTo) {
  const { flow_id, options } = await post("/self-service/settings/passkeys/options", device ? { device } : {});
  const credential = await navigator.credentials.create(creationOptions(options));
  return post("/self-service/settings/passkeys/verify", {
    flow_id,
    credential: registrationJSON(credential),
    return_to: returnTo,
  });
}

function initLogin() {
  const button = document.getElementById("passkey-signin");
  button.addEventListener("click", async () => {
    if (!passkeysSupported()) {
      openEmailFallback();
      return;
    }
    conditionalRequest?.abort();
    button.disabled = true;
    showStatus(t("js-waiting-passkey"));
    try {
      await signIn("modal");
    } catch (error) {
      passkeyFailed(error);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById("use-email").addEventListener("click", openEmailFallback);
  initCodeSignIn();
  initBackupCodeSignIn();
  initPasswordSignIn();
  startAutofill();
}

// The link's token is in the fragment: read it, take it out of the address bar and history at
// once, and send it only when the person presses the button.
function takeLinkToken() {
  const fragment = window.location.hash;
  const token = new URLSearchParams(fragment.slice(1)).get("token");
  history.replaceState(null, "", window.location.pathname);
  // The language menu opens this page again: the token goes along in the fragment, which
  // browsers never send to the server.
  if (token) for (const link of document.querySelectorAll("nav.languages a")) link.hash = fragment;
  return token;
}

// A link's landing page: one button posts the token; without one the page says what went wrong.
function initLinkPage(endpoint, incomplete, working, done) {
  const token = takeLinkToken();
  const button = document.getElementById("link-confirm");
  if (!token) {
    linkFailed(incomplete);
    return null;
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (working) showStatus(working);
      done(await post(endpoint, { token }));
    } catch (error) {
      linkFailed(error.message, error.reference, error.status);
    }
  });
  return token;
}

// A link that cannot work (incomplete, used, expired: a 4xx answer) loses its button, so nothing
// on the page looks live and does nothing; the way on is the sign-in page. A server hiccup (5xx)
// keeps the button for another try.
function linkFailed(message, reference, status) {
  showError(message, reference);
  const button = document.getElementById("link-confirm");
  if (status >= 500) {
    button.disabled = false;
    return;
  }
  button.hidden = true;
  document.getElementById("link-not-you")?.setAttribute("hidden", "");
}

function initLoginLink() {
  const token = initLinkPage(
    "/self-service/login/link",
    t("js-link-incomplete-code"),
    t("js-signing-in"),
    (result) => afterFallbackSignIn(result),
  );
  if (!token) return;
  // Name the account before the button is pressed, so a link someone else sent is noticed.
  post("/self-service/login/link/account", { token }).then(
    ({ account }) => {
      document.getElementById("link-account-name").textContent = account;
      document.getElementById("link-account").hidden = false;
    },
    (error) => linkFailed(error.message, error.reference, error.status),
  );
}

function initVerificationLink() {
  initLinkPage(
    "/self-service/verification/link",
    t("js-link-incomplete"),
    null,
    (result) => showStatus(t("js-address-confirmed-thanks", { address: result.address })),
  );
}

// The step-up page apps send browsers to: a passkey, then back where the app asked.
function initStepUp() {
  const button = document.getElementById("step-up");
  button.addEventListener("click", async () => {
    if (!passkeysSupported()) return;
    button.disabled = true;
    try {
      showStatus(t("js-waiting-passkey"));
      const result = await stepUp(main.dataset.returnTo || undefined);
      showStatus(t("js-confirmed"));
      goTo(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      button.disabled = false;
    }
  });
}

// An app asks for scopes of the account (OpenID Connect): allow goes back to its request, don't
// allow tells the app no.
function initConsent() {
  const authorization = document.getElementById("consent").dataset.authorization;
  const answer = (allow) => async (event) => {
    event.target.disabled = true;
    try {
      const result = await post("/self-service/oauth2/consent", { return_to: authorization, allow });
      goTo(result.redirect_to);
    } catch (error) {
      showError(error.message, error.reference);
      event.target.disabled = false;
    }
  };
  document.getElementById("consent-allow").addEventListener("click", answer(true));
  document.getElementById("consent-deny").addEventListener("click", answer(false));
}

// An app asked to sign the person out without proving it was them: they confirm here.
function initLogout() {
  const request = Object.fromEntries(new URLSearchParams(document.getElementById("logout").dataset.request));
  document.getElementById("logout-confirm").addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      const result = await post("/oauth2/sessions/logout", request);
      goTo(result.redirect_to);
    } catch (error) {
      showError(error.message, error.reference);
      event.target.disabled = false;
    }
  });
}

// An admin-issued recovery link: confirm (the token leaves the fragment only then), then save a
// new passkey, which completes the recovery and lands on the account page.
function initRecovery() {
  const enrol = document.getElementById("enrol-step");
  const showEnrolStep = () => {
    document.getElementById("signin-step").hidden = true;
    enrol.hidden = false;
    document.getElementById("enrol-heading").focus();
  };
  if (enrol.hidden) {
    initLinkPage(
      "/self-service/recovery/link",
      t("js-recovery-incomplete"),
      t("js-checking-link"),
      () => {
        showStatus("");
        showEnrolStep();
      },
    );
  }
  const save = document.getElementById("enrol-save");
  save.addEventListener("click", async () => {
    if (!passkeysSupported()) return;
    save.disabled = true;
    try {
      showStatus(t("js-creating-new-passkey"));
      const result = await addPasskey(undefined, "/ui/settings?recovered=1");
      showStatus(t("js-recovered"));
      goTo(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      save.disabled = false;
    }
  });
  document.getElementById("enrol-stop").addEventListener("click", async () => {
    try {
      goTo((await post("/self-service/logout")).redirect_to);
    } catch (error) {
      showError(error.message, error.reference);
    }
  });
}

function initPasskeyDisown() {
  initLinkPage(
    "/self-service/passkey/disown",
    t("js-link-incomplete-support"),
    t("js-removing-passkey"),
    (result) => {
      document.getElementById("link-confirm").hidden = true;
      const { passkeys_removed, sessions_ended, backup_codes_deleted } = result.undone;
      const sentences = [t("js-disowned", { sessions: sessions_ended })];
      if (passkeys_removed > 1) sentences.push(t("js-disowned-more", { more: passkeys_removed - 1 }));
      if (backup_codes_deleted > 0) sentences.push(t("js-disowned-codes"));
      sentences.push(t("js-change-email-password"));
      showStatus(sentences.join(" "));
    },
  );
}

function initRecoveryCancel() {
  initLinkPage(
    "/self-service/recovery/cancel",
    t("js-link-incomplete-support"),
    t("js-cancelling"),
    () => {
      document.getElementById("link-confirm").hidden = true;
      showStatus(t("js-recovery-cancelled"));
    },
  );
}

// The "confirm your address" step: shown after sign-up and on the account page.
function initVerifyStep(flowId, onDone) {
  const form = document.getElementById("verify-form");
  const code = document.getElementById("verify-code");
  form.hidden = false;
  document.getElementById("verify-sent").focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const result = await post("/self-service/verification/code", { flow_id: flowId, code: code.value });
      form.hidden = true;
      showStatus(t("js-address-confirmed", { address: result.address }));
      onDone();
    } catch (error) {
      showError(error.message, error.reference);
      code.select();
    }
  });
  document.getElementById("verify-later").addEventListener("click", onDone);
}

// ---- sign up -------------------------------------------------------------------------------

async function createPasskeyAccount({ flow_id, options }) {
  showStatus(t("js-creating-passkey"));
  const credential = await navigator.credentials.create(creationOptions(options));
  showStatus(t("js-saving-passkey"));
  const result = await post("/self-service/registration/passkey/verify", {
    flow_id,
    credential: registrationJSON(credential),
    return_to: main.dataset.returnTo || undefined,
  });
  // The next step's heading says the passkey is saved: the status line says no more.
  showStatus(t("js-account-created"));
  return result;
}

function initRegistration() {
  const form = document.getElementById("registration-form");
  const email = document.getElementById("email");
  const codeForm = document.getElementById("signup-code-form");
  const code = document.getElementById("signup-code");
  let flowId = null;
  let proven = null;

  async function sendCode(replacing) {
    const sent = await post("/self-service/registration/code", { email: email.value, flow_id: replacing ?? undefined });
    flowId = sent.flow_id;
    proven = null;
    form.hidden = true;
    codeForm.hidden = false;
    showStatus("");
    document.getElementById("signup-code-sent").textContent = t("js-signup-code-sent", { email: email.value.trim() });
    code.value = "";
    code.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!passkeysSupported()) return;
    if (!email.value.trim()) {
      email.setAttribute("aria-invalid", "true");
      showError(t("js-enter-email"));
      email.focus();
      return;
    }
    email.removeAttribute("aria-invalid");
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await sendCode(null);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      button.disabled = false;
    }
  });

  codeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = codeForm.querySelector("button.primary");
    button.disabled = true;
    try {
      // The proven code opens one passkey ceremony; if the person cancels the device prompt,
      // pressing again retries that ceremony instead of asking for a new code.
      proven ??= await post("/self-service/registration/passkey/options", { flow_id: flowId, code: code.value });
      const result = await createPasskeyAccount(proven);
      codeForm.hidden = true;
      offerAnotherPasskey(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
      if (error.id?.startsWith("code_")) code.select();
      if (error.id?.startsWith("passkey_")) proven = null;
    } finally {
      button.disabled = false;
    }
  });

  initCodeActions("signup", () => sendCode(flowId), () => {
    codeForm.hidden = true;
    form.hidden = false;
    flowId = null;
    email.focus();
  });
}

// ---- account -------------------------------------------------------------------------------

function passkeyPath(row) {
  return `/self-service/settings/passkeys/${row.dataset.passkeyId}`;
}

// Rename in place (the name cell becomes a labelled field), remove after a confirmation.
function initPasskeyRow(row) {
  const nameCell = row.querySelector(".passkey-name");
  row.querySelector(".passkey-rename").addEventListener("click", () => {
    const form = document.createElement("form");
    const label = document.createElement("label");
    label.textContent = t("js-new-name");
    label.htmlFor = `rename-${row.dataset.passkeyId}`;
    const input = document.createElement("input");
    input.id = label.htmlFor;
    input.maxLength = 64;
    input.value = row.dataset.passkeyName;
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = t("js-save-name");
    form.append(label, input, save);
    nameCell.replaceChildren(form);
    input.focus();
    input.select();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await send("PATCH", passkeyPath(row), { name: input.value });
        window.location.reload();
      } catch (error) {
        showError(error.message, error.reference);
      }
    });
  });
  row.querySelector(".passkey-remove").addEventListener("click", async () => {
    if (!window.confirm(t("js-remove-confirm", { name: row.dataset.passkeyName }))) return;
    try {
      await withStepUp(() => send("DELETE", passkeyPath(row)));
      window.location.reload();
    } catch (error) {
      showError(error.message, error.reference);
    }
  });
}

// After a recovery: the passkeys from before (lost, or in someone else's hands) go in one step,
// the one on this device stays.
function initRemoveOtherPasskeys() {
  const button = document.getElementById("remove-other-passkeys");
  button?.addEventListener("click", async () => {
    const others = [...document.querySelectorAll("tr[data-passkey-id]:not([data-this-session])")];
    if (!window.confirm(t("js-remove-others-confirm", { count: others.length }))) return;
    button.disabled = true;
    showStatus(t("js-removing-others"));
    try {
      for (const row of others) await withStepUp(() => send("DELETE", passkeyPath(row)));
      goTo("/ui/settings");
    } catch (error) {
      showError(error.message, error.reference);
      button.disabled = false;
    }
  });
}

// The new set of backup codes, shown this once, with Download (.txt) and Print.
function showBackupCodes(codes) {
  document.getElementById("backup-list").replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement("li");
      item.textContent = code;
      return item;
    }),
  );
  document.getElementById("backup-codes").hidden = false;
  document.getElementById("backup-codes-heading").focus();
}

function initBackupCodeSheet() {
  const sheet = document.getElementById("backup-codes");
  document.getElementById("backup-download").addEventListener("click", () => {
    const codes = [...sheet.querySelectorAll("#backup-list li")].map((item) => item.textContent);
    const account = document.getElementById("backup-account").textContent;
    const product = document.title.split(" · ").pop();
    const text = `${t("js-backup-file-title", { account, product })}\n${t("js-backup-file-note")}\n\n${codes.join("\n")}\n`;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    link.download = "backup-codes.txt";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });
  document.getElementById("backup-print").addEventListener("click", () => window.print());
}

// A passkey in its cooldown: another passkey (a step-up) or a backup code confirms it.
function initConfirmPasskey() {
  document.getElementById("confirm-passkey")?.addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      await stepUp(undefined, event.target.dataset.passkeyId);
      window.location.reload();
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      event.target.disabled = false;
    }
  });
  document.getElementById("confirm-code-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await post("/self-service/settings/passkeys/confirm", { code: document.getElementById("confirm-code").value });
      window.location.reload();
    } catch (error) {
      showError(error.message, error.reference);
      document.getElementById("confirm-code").select();
    }
  });
}

// The person's other sessions: end one, or all of them.
// "Remove access" of an app signed in through latchkey (OpenID Connect).
function initAppList() {
  for (const button of document.querySelectorAll("button.app-forget")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await send("DELETE", `/self-service/settings/apps/${encodeURIComponent(button.dataset.clientId)}`);
        button.closest("tr").remove();
        showStatus(t("js-app-removed"));
      } catch (error) {
        showError(error.message, error.reference);
        button.disabled = false;
      }
    });
  }
}

function initSessionList() {
  for (const button of document.querySelectorAll("button.session-end")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await send("DELETE", `/sessions/${button.dataset.sessionId}`);
        button.closest("tr").remove();
        showStatus(t("js-session-ended"));
      } catch (error) {
        showError(error.message, error.reference);
        button.disabled = false;
      }
    });
  }
  document.getElementById("sessions-end-all")?.addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      const { count } = await send("DELETE", "/sessions");
      for (const row of document.querySelectorAll("#sessions tbody tr")) row.remove();
      showStatus(t("js-sessions-ended", { count }));
    } catch (error) {
      showError(error.message, error.reference);
      event.target.disabled = false;
    }
  });
}

// The page a high-value account lands on after a sign-in without a passkey: save one here
// (which lifts the limits), or carry on with the low-stakes things, or sign out.
function initReEnrol() {
  const save = document.getElementById("re-enrol-save");
  save.addEventListener("click", async () => {
    if (!passkeysSupported()) return;
    save.disabled = true;
    try {
      showStatus(t("js-creating-passkey"));
      const result = await addPasskey(undefined, main.dataset.returnTo || undefined);
      showStatus(t(result.lifted ? "js-limit-lifted" : "js-passkey-saved"));
      goTo(result.redirect_to || "/ui/settings");
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      save.disabled = false;
    }
  });
  document.getElementById("re-enrol-sign-out").addEventListener("click", async () => {
    try {
      goTo((await post("/self-service/logout")).redirect_to);
    } catch (error) {
      showError(error.message, error.reference);
    }
  });
}

// The legacy password: turned off for good (a recent passkey sign-in, asked for inline).
function initPasswordOff() {
  const button = document.getElementById("password-disable");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await withStepUp(() => send("DELETE", "/self-service/settings/password"));
      document.getElementById("password-status").textContent = t("js-password-off");
      button.remove();
    } catch (error) {
      showError(error.message, error.reference);
      button.disabled = false;
    }
  });
}

function initBackupCodes() {
  const button = document.getElementById("backup-generate");
  if (!button) return;
  initBackupCodeSheet();
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      showBackupCodes((await withStepUp(() => post("/self-service/settings/backup-codes"))).codes);
      document.getElementById("backup-status").textContent = t("js-backup-fresh");
      button.textContent = t("js-backup-new");
      document.getElementById("backup-low")?.remove();
    } catch (error) {
      showError(error.message, error.reference);
    } finally {
      button.disabled = false;
    }
  });
}

function initSettings() {
  // Saving a passkey here also lifts a limited session (the page then reloads without the notice).
  const savePasskey = async (event) => {
    if (!passkeysSupported()) return;
    event.target.disabled = true;
    try {
      showStatus(t("js-creating-a-passkey"));
      await withStepUp(() => addPasskey());
      showStatus(t("js-passkey-added"));
      window.location.reload();
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    } finally {
      event.target.disabled = false;
    }
  };
  document.getElementById("add-passkey").addEventListener("click", savePasskey);
  document.getElementById("re-enrol")?.addEventListener("click", savePasskey);
  initConfirmPasskey();
  for (const row of document.querySelectorAll("tr[data-passkey-id]")) initPasskeyRow(row);
  initRemoveOtherPasskeys();
  initBackupCodes();
  initPasswordOff();
  initSessionList();
  initAppList();
  signalPasskeys();
  document.getElementById("verify-send")?.addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      const sent = await post("/self-service/verification");
      document.getElementById("verify-prompt").hidden = true;
      initVerifyStep(sent.flow_id, () => window.location.reload());
    } catch (error) {
      showError(error.message, error.reference);
    } finally {
      event.target.disabled = false;
    }
  });
  document.getElementById("sign-out").addEventListener("click", async () => {
    try {
      const result = await post("/self-service/logout");
      goTo(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error), error.reference);
    }
  });
}

({
  login: initLogin,
  login_link: initLoginLink,
  verification_link: initVerificationLink,
  registration: initRegistration,
  settings: initSettings,
  recovery: initRecovery,
  step_up: initStepUp,
  re_enrol: initReEnrol,
  passkey_disown: initPasskeyDisown,
  recovery_cancel: initRecoveryCancel,
  consent: initConsent,
  logout: initLogout,
})[main.dataset.page]?.();
