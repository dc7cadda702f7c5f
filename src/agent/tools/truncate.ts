/** The most characters of command output an observation shows, as in OpenHands. */
export const maxObservationChars = 30_000;

/** Keeps the first and last halves of `text` when it is longer than `limit` characters, with a note between. */
export function truncateMiddle(text: string, limit = maxObservationChars): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  const dropped = text.length - 2 * half;
  return `${text.slice(0, half)}\n[... ${dropped} characters of output truncated ...]\n${text.slice(-half)}`;
}
