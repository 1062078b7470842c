// The page's messages in its language, put in the page by latchkey (src/i18n) as a JSON data
// block: plain text, or parts to fill in ({arg}) and choose between ({select}: an exact value,
// else the plural form of the page's language). Shared by the hosted pages and the admin page.
const messages = JSON.parse(document.getElementById("messages")?.textContent || "{}");
const pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");

export function t(id, args = {}) {
  return format(messages[id] ?? id, args);
}

function format(message, args) {
  if (typeof message === "string") return message;
  return message
    .map((part) => {
      if (typeof part === "string") return part;
      if (part.arg !== undefined) return String(args[part.arg] ?? "");
      const value = args[part.select];
      const exact = part.variants[String(value)];
      const plural = typeof value === "number" ? part.variants[pluralRules.select(value)] : undefined;
      return format(exact ?? plural ?? part.variants[part.default], args);
    })
    .join("");
}
