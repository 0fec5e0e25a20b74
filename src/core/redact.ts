/**
 * The one redaction of credentials in text we did not write ourselves: API error bodies echoed by
 * a server or proxy (some echo the request headers), exec-plugin stdout/stderr excerpts, and
 * everything that reaches the output channel or the CLI's stderr. Pure and linear: every pattern
 * below either starts at a fixed keyword or at the start of a maximal run of its own characters,
 * so no input makes it backtrack quadratically.
 */

export const REDACTED = '[REDACTED]';

/** Header-like or JSON/YAML key-value credentials: the key stays, the value goes. */
const KEYED =
  /\b(authorization|proxy-authorization|x-auth-token|token|access_token|id_token|refresh_token|client-key-data|client-certificate-data|password|passphrase)(["']?[ \t]*[:=][ \t]*(?:\[[ \t]*)?["']?)([^"'\s,;\]}]+(?:[ \t]+(?![A-Za-z-]+["']?[ \t]*[:=])[^"'\s,;\]}]+)?)/gi;
/** `Bearer <token>` / `Basic <base64>` anywhere (a token pasted into an error string). */
const SCHEME = /\b(bearer|basic)([ \t]+)[A-Za-z0-9\-._~+/]{8,}=*/gi;
/** JWT-shaped: three base64url segments, the first a JSON object (`eyJ`). */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Shorter literal secrets are left to the patterns (a 3-letter "token" would redact words). */
const MIN_LITERAL = 8;

/**
 * `text` with credentials replaced by `[REDACTED]`: bearer/basic credentials, Authorization
 * headers (plain or JSON-echoed), token/password/client-key keys, PEM blocks (also cut-short
 * ones), JWT-shaped strings, and each literal in `secrets` (the token in use).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_LITERAL && out.includes(s)) out = out.split(s).join(REDACTED);
  out = redactPem(out);
  out = out.replace(KEYED, `$1$2${REDACTED}`);
  out = out.replace(SCHEME, `$1$2${REDACTED}`);
  out = out.replace(JWT, REDACTED);
  return out;
}

/** PEM blocks by index scanning (no regex): BEGIN to the matching END, or to the end of the text. */
function redactPem(text: string): string {
  const BEGIN = '-----BEGIN ';
  if (!text.includes(BEGIN)) return text;
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(BEGIN, from);
    if (start < 0) break;
    const endMark = text.indexOf('-----END ', start + BEGIN.length);
    out += `${text.slice(from, start)}-----BEGIN ${REDACTED}-----`;
    if (endMark < 0) return out;
    const close = text.indexOf('-----', endMark + 9);
    from = close < 0 ? text.length : close + 5;
  }
  return out + text.slice(from);
}

/** A maximal run of token characters long enough to be a credential. */
const OPAQUE = /(?<![A-Za-z0-9_\-.~+/=])[A-Za-z0-9_\-.~+/=]{24,}/g;

/**
 * For text that is a credential's carrier by nature (an exec plugin's stdout/stderr): the
 * redactions above, plus any run of 24 or more token characters, whatever its shape.
 */
export function redactOpaque(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets).replace(OPAQUE, REDACTED);
}
