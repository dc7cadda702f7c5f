/** Quotes a value for POSIX shells: safe words stay as they are, anything else is single-quoted. */
export function shellQuote(value: string): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
