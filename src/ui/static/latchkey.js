// latchkey's hosted pages: the only script. It calls navigator.credentials and converts between
// ArrayBuffers and the base64url strings of the JSON API. No build step, no dependencies.

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

function showError(message) {
  statusLine.textContent = "";
  errorBox.textContent = message;
  errorBox.hidden = false;
  errorBox.focus();
}

function showStatus(message) {
  errorBox.hidden = true;
  statusLine.textContent = message;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    const error = new Error(data?.error?.message ?? "Something went wrong. Try again.");
    error.id = data?.error?.id;
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
      return "The passkey request was cancelled or timed out, or no passkey for this site is on this device.";
    case "InvalidStateError":
      return "This device already holds a passkey for this account.";
    case "SecurityError":
      return "This page's address does not match the site the passkey belongs to.";
    case "AbortError":
      return "The passkey request was stopped.";
    default:
      return "Your browser could not complete the passkey request. Try again.";
  }
}

function passkeysSupported() {
  if (window.PublicKeyCredential && navigator.credentials) return true;
  showError("This browser does not support passkeys. Try a current version of Chrome, Edge, Firefox or Safari.");
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
  showStatus("Checking your passkey…");
  const result = await post("/self-service/login/passkey/verify", {
    flow_id,
    credential: assertionJSON(credential),
    return_to: main.dataset.returnTo || undefined,
  });
  showStatus("Signed in.");
  goTo(result.redirect_to);
}

async function startAutofill() {
  if (!window.PublicKeyCredential?.isConditionalMediationAvailable) return;
  if (!(await PublicKeyCredential.isConditionalMediationAvailable())) return;
  signIn("conditional").catch((error) => {
    if (error.name !== "AbortError") showError(ceremonyMessage(error));
  });
}

function initLogin() {
  const button = document.getElementById("passkey-signin");
  button.addEventListener("click", async () => {
    if (!passkeysSupported()) return;
    conditionalRequest?.abort();
    button.disabled = true;
    showStatus("Waiting for your passkey…");
    try {
      await signIn("modal");
    } catch (error) {
      showError(ceremonyMessage(error));
    } finally {
      button.disabled = false;
    }
  });
  startAutofill();
}

// ---- sign up -------------------------------------------------------------------------------

function initRegistration() {
  const form = document.getElementById("registration-form");
  const email = document.getElementById("email");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!passkeysSupported()) return;
    if (!email.value.trim()) {
      email.setAttribute("aria-invalid", "true");
      showError("Enter your email address.");
      email.focus();
      return;
    }
    email.removeAttribute("aria-invalid");
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      showStatus("Creating your passkey…");
      const { flow_id, options } = await post("/self-service/registration/passkey/options", { email: email.value });
      const credential = await navigator.credentials.create(creationOptions(options));
      showStatus("Saving your passkey…");
      const result = await post("/self-service/registration/passkey/verify", {
        flow_id,
        credential: registrationJSON(credential),
        return_to: main.dataset.returnTo || undefined,
      });
      showStatus("Account created. Passkey saved to this device.");
      goTo(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error));
    } finally {
      button.disabled = false;
    }
  });
}

// ---- account -------------------------------------------------------------------------------

function initSettings() {
  document.getElementById("add-passkey").addEventListener("click", async (event) => {
    if (!passkeysSupported()) return;
    event.target.disabled = true;
    try {
      showStatus("Creating another passkey…");
      const { flow_id, options } = await post("/self-service/settings/passkeys/options");
      const credential = await navigator.credentials.create(creationOptions(options));
      await post("/self-service/settings/passkeys/verify", { flow_id, credential: registrationJSON(credential) });
      showStatus("Passkey added.");
      window.location.reload();
    } catch (error) {
      showError(ceremonyMessage(error));
    } finally {
      event.target.disabled = false;
    }
  });
  document.getElementById("sign-out").addEventListener("click", async () => {
    try {
      const result = await post("/self-service/logout");
      goTo(result.redirect_to);
    } catch (error) {
      showError(ceremonyMessage(error));
    }
  });
}

({ login: initLogin, registration: initRegistration, settings: initSettings })[main.dataset.page]?.();
