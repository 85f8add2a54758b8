/**
 * Keeps credentials out of everything this library prints or throws: API keys, passwords, the
 * base64 forms that travel in Authorization headers, and `user:password@` in URLs.
 */

export const REDACTED = "[REDACTED]";

export type Redactor = (text: string) => string;

/** Secrets shorter than this are not searched for: replacing "a" everywhere would redact nothing useful. */
const MIN_SECRET_LENGTH = 4;

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret, "utf8").toString("base64"));
  }
  // Longest first, so a secret containing another is replaced whole.
  const list = [...forms]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const pattern = list.length > 0 ? new RegExp(list.map(escapeRegExp).join("|"), "g") : undefined;
  return (text) => {
    const withoutUserInfo = text.replace(URL_USERINFO, `$1${REDACTED}@`);
    return pattern ? withoutUserInfo.replace(pattern, REDACTED) : withoutUserInfo;
  };
}

/** The secrets of a connection, in every form they may be sent in. */
export function connectionSecrets(auth: {
  readonly apiKey?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}): string[] {
  const secrets: string[] = [];
  if (auth.apiKey) secrets.push(auth.apiKey);
  if (auth.password) {
    secrets.push(auth.password);
    // The Basic header carries base64("user:password"), which does not contain base64(password).
    if (auth.username !== undefined) secrets.push(`${auth.username}:${auth.password}`);
  }
  return secrets;
}
