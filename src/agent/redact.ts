/** What replaces a secret wherever it would have appeared. */
export const redactedMark = '[REDACTED]';

/** Secrets shorter than this are not redacted: they would match ordinary text. */
const minSecretLength = 8;

/** A function that replaces every occurrence of the given secrets in a text. */
export function redactor(secrets: Iterable<string | undefined>): (text: string) => string {
  const values = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= minSecretLength))];
  if (values.length === 0) return (text) => text;
  values.sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join(redactedMark), text);
}

/** `value` with every string in it (keys excepted) passed through `redact`. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  return value;
}
