const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/gi;

/**
 * The issue numbers a text closes with GitHub's closing keywords (`fixes #12`, `Closes: owner/name#3`),
 * in order and without repeats; references to other repositories are left out.
 */
export function closedIssues(text: string, repo: string): number[] {
  const numbers: number[] = [];
  for (const match of text.matchAll(CLOSING)) {
    if (match[1] !== undefined && match[1].toLowerCase() !== repo.toLowerCase()) continue;
    const number = Number(match[2]);
    if (!numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/** The pull request number in a GitHub merge (`Merge pull request #12 from ...`) or squash (`Title (#12)`) message. */
export function pullNumberOf(message: string): number | undefined {
  const firstLine = message.split('\n', 1)[0] ?? '';
  const match = /^Merge pull request #(\d+) from /.exec(firstLine) ?? /\(#(\d+)\)\s*$/.exec(firstLine);
  return match ? Number(match[1]) : undefined;
}
