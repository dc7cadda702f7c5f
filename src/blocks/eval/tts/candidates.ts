/** One judged candidate for an instance: a trajectory's final patch, its verdict, and its verifier score. */
export interface TtsCandidate {
  instance_id: string;
  trajectory_id: string;
  sample: number;
  model: string;
  patch: string;
  resolved: boolean;
  /** The verifier's score; undefined when there is none. */
  score?: number;
}

/** Lines that differ between equivalent diffs: `index` hashes, trailing blanks, CRLF. */
const noiseLine = /^index [0-9a-f]+\.\.[0-9a-f]+/;

/**
 * A patch in a canonical form for voting: CRLF as LF, no `index` lines, no trailing whitespace, no blank
 * lines at the end, and per-file sections sorted by their `diff --git` header. Empty for an empty patch.
 */
export function normalizePatch(patch: string): string {
  const lines = patch
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => !noiseLine.test(line))
    .map((line) => line.trimEnd());
  const sections: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('diff --git ') || sections.length === 0) sections.push([]);
    sections.at(-1)!.push(line);
  }
  return sections
    .map((section) => section.join('\n').trim())
    .filter((section) => section !== '')
    .sort()
    .join('\n');
}
