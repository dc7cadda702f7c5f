import type { Failure } from '../probe/evidence.js';
import { statementLeak } from './leak.js';

/** What one failing test shows: the check that failed (the behaviour expected) and what happened. */
export interface Evidence {
  expectation: string | null;
  observed: string[];
}

/** Reads one line (1-based) of a file in the checkout; null when it cannot. */
export type LineReader = (file: string, line: number) => Promise<string | null>;

const sourceLocation = /(?:❯|\bat\b)[^\n]*?([\w./@-]+\.(?:[cm]?[jt]sx?|py)):(\d+)(?::\d+)?/g;

/** The failing check: pytest's `>` line, else the test source line a JavaScript stack points at. */
async function expectationOf(failure: Failure, readLine: LineReader, testFiles: (path: string) => boolean) {
  const marked = failure.details.split('\n').find((line) => /^>\s+\S/.test(line));
  if (marked) return marked.replace(/^>\s+/, '').trim();
  for (const match of failure.details.matchAll(sourceLocation)) {
    const [, file, line] = match;
    if (!testFiles(file!)) continue;
    const text = await readLine(file!, Number(line));
    if (text?.trim()) return text.trim();
  }
  return null;
}

/** What happened: pytest's `E` lines, else the error message, else the first lines naming an error. */
function observedOf(failure: Failure): string[] {
  const lines = failure.details.split('\n');
  const pytest = lines.filter((line) => /^E\s/.test(line)).map((line) => line.slice(1).trimEnd());
  if (pytest.length > 0) {
    const width = Math.min(...pytest.map((line) => /^\s*/.exec(line)![0].length));
    return pytest.slice(0, 8).map((line) => line.slice(width));
  }
  const message = failure.message.trim().split('\n').slice(0, 4);
  if (message[0]) return message;
  return lines
    .filter((line) => /error|expected/i.test(line))
    .slice(0, 4)
    .map((line) => line.trim());
}

/** The evidence of each failure, read once per failure. */
export async function evidenceOf(
  failures: Failure[],
  readLine: LineReader,
  testFiles: (path: string) => boolean,
): Promise<Evidence[]> {
  return Promise.all(
    failures.map(async (failure) => ({
      expectation: await expectationOf(failure, readLine, testFiles),
      observed: observedOf(failure),
    })),
  );
}

const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');

/**
 * A problem statement written from the failing tests alone: how many fail, the failing check (the
 * behaviour expected) and what happened instead. Lines that would leak the fix or a test's name are
 * left out; the statement is never empty.
 */
export function statementFromTests(
  evidence: Evidence[],
  broken: number,
  fix: { patch: string; tests: string[] },
): string {
  const safe = (line: string) => statementLeak(line, fix) === null;
  const tests = broken === 1 ? 'an existing test fails' : `${broken} existing tests fail`;
  const parts = [`The code does not behave as expected: ${tests} against it.`];
  const seen = new Set<string>();
  let checks = 0;
  for (const { expectation, observed } of evidence) {
    const check = expectation && safe(expectation) ? expectation : null;
    const shown = observed.filter(safe);
    const key = `${check}\n${shown.join('\n')}`;
    if ((check === null && shown.length === 0) || seen.has(key)) continue;
    seen.add(key);
    if (check) parts.push(`This check fails:\n\n${indent([check])}`);
    if (check) checks += 1;
    if (shown.length > 0) parts.push(`${check ? 'It fails with' : 'A test fails with'}:\n\n${indent(shown)}`);
    if (seen.size === 2) break;
  }
  if (checks > 0)
    parts.push(checks === 1 ? 'Expected: the check above passes.' : 'Expected: the checks above pass.');
  else if (seen.size > 0) parts.push('Expected: the tests pass.');
  return parts.join('\n\n');
}
