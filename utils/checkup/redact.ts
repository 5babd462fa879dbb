/**
 * What rid/get hands back holds secrets (contract §8): the access token in request_url's query, the
 * AppSecret in a token call's body or query, header values a relay or token server was given.
 * Everything shown to the operator goes through here first, in the background.
 */
export const REDACTED = '[removed]';

/** Names whose values are secrets wherever they appear: query parameters, JSON keys, header-like "name: value". */
const SECRET_NAMES =
  /^(access_token|secret|appsecret|app_secret|component_appsecret|authorizer_access_token|component_access_token|refresh_token|token|password|authorization)$/i;

function redactQuery(search: string): string {
  return search.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) =>
    SECRET_NAMES.test(decodeURIComponent(name)) ? `${sep}${name}=${REDACTED}` : whole,
  );
}

/** A URL with secret query values (and any user:password) removed; not a URL: treated as a query string. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    const auth = url.username || url.password ? `${REDACTED}@` : '';
    return `${url.protocol}//${auth}${url.host}${url.pathname}${redactQuery(url.search)}${url.hash}`;
  } catch {
    return redactQuery(text.startsWith('?') ? text : `?${text}`).slice(text.startsWith('?') ? 0 : 1);
  }
}

function redactValue(value: unknown, key?: string): unknown {
  if (key !== undefined && SECRET_NAMES.test(key)) return REDACTED;
  if (Array.isArray(value)) return value.map((one) => redactValue(one));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  if (key === 'headers' || typeof value !== 'string') return value;
  return redactText(value);
}

/** A body: JSON with secret keys removed at every depth (and URLs inside it); otherwise a query string or plain text. */
export function redactBody(body: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(body)));
  } catch {
    return body.includes('=') ? redactUrl(body) : body;
  }
}

/** Free text: URLs and "name=value" / "name: value" pairs of secret names. */
export function redactText(text: string): string {
  return text
    .replace(/https?:\/\/[^\s"']+/g, (url) => redactUrl(url))
    .replace(/\b([A-Za-z_]+)(=|:\s*)([^\s&"',}]+)/g, (whole, name: string, sep: string) => (SECRET_NAMES.test(name) ? `${name}${sep}${REDACTED}` : whole));
}

/** Extra values known to be secret (the account's AppSecret, its token server header values) removed wherever they occur. */
export function removeKnownSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 6).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
