import { z } from 'zod';
import type { TestStatus } from '../../schema/test-run.js';
import { logLines } from './log-lines.js';
import { newStatusMap, recordStatus, relativeTo, type ParseContext, type StatusMap } from './status-map.js';

const JestReport = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(
        z.object({ ancestorTitles: z.array(z.string()), title: z.string(), status: z.string() }),
      ),
    }),
  ),
});
type JestReport = z.infer<typeof JestReport>;

const jestStatuses: Record<string, TestStatus> = {
  passed: 'PASSED',
  failed: 'FAILED',
  pending: 'SKIPPED',
  skipped: 'SKIPPED',
  todo: 'SKIPPED',
  disabled: 'SKIPPED',
  focused: 'PASSED',
};

/** The end of the JSON object that starts at `start`, strings and escapes respected; -1 if it never closes. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/** jest's `--json` result object (its first key is always `numFailedTestSuites`), found among whatever
 * else the command printed; the last one wins. */
function findReport(log: string): JestReport | undefined {
  const opening = '{"numFailedTestSuites"';
  let found: JestReport | undefined;
  for (let start = log.indexOf(opening); start !== -1; start = log.indexOf(opening, start + 1)) {
    const end = objectEnd(log, start);
    if (end === -1) continue;
    try {
      const parsed = JestReport.safeParse(JSON.parse(log.slice(start, end + 1)));
      if (parsed.success) found = parsed.data;
    } catch {
      continue;
    }
  }
  return found;
}

/** The repository-relative paths jest printed in its `PASS path` / `FAIL path` headers. */
function headerPaths(log: string): string[] {
  const headers = logLines(log).map((line) => /^(?:PASS|FAIL)\s+(\S+)/.exec(line)?.[1]);
  return headers.filter((path): path is string => path !== undefined && !path.startsWith('../'));
}

/** A test file's path relative to the root, else to whichever printed header it ends with, else as is. */
function relativeFile(absolute: string, root: string | undefined, headers: string[]): string {
  const relative = relativeTo(absolute, root);
  if (relative !== absolute) return relative;
  return headers.find((header) => absolute.endsWith(`/${header}`)) ?? absolute;
}

/**
 * Reads the JSON result object that `jest --json` prints (it may sit among other output). Ids are
 * `file > describe > test`; suites that failed to run (no assertions) name no test.
 */
export function parseJest(log: string, context: ParseContext = {}): StatusMap {
  const map = newStatusMap();
  const report = findReport(log);
  if (report === undefined) return map;
  const headers = headerPaths(log);
  for (const file of report.testResults) {
    const path = relativeFile(file.name, context.root, headers);
    for (const test of file.assertionResults) {
      const id = [path, ...test.ancestorTitles, test.title].join(' > ');
      recordStatus(map, id, jestStatuses[test.status] ?? 'FAILED');
    }
  }
  return map;
}
