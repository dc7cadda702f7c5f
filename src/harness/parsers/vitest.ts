import type { TestStatus } from '../../schema/test-run.js';
import { logLines } from './log-lines.js';
import { newStatusMap, recordStatus, type StatusMap } from './status-map.js';

/** vitest's state marks (✓ × ↓ □) and the ASCII-ish fallbacks older reporters and terminals print. */
const marks: Record<string, TestStatus> = {
  '✓': 'PASSED',
  '✔': 'PASSED',
  '√': 'PASSED',
  '×': 'FAILED',
  '✗': 'FAILED',
  '✖': 'FAILED',
  '↓': 'SKIPPED',
  '□': 'SKIPPED',
};
const verboseLine = /^\s*([✓✔√×✗✖↓□])\s+(?:\|[^|]+\|\s+)?(\S+\.\w+(?::\d+:\d+)? > .+)$/;
/** What the verbose reporter appends after a test name: duration, retries, repeats, heap. */
const resultSuffix = / \d+ms(?: \(retry x\d+\))?(?: \(repeat x\d+\))?(?: \d+ MB heap used)?$/;

/** The test id of a verbose line's title: `file > describe > test`, without a `:line:col` location. */
function idOf(title: string, status: TestStatus): string {
  const named = status === 'SKIPPED' ? title : title.replace(resultSuffix, '');
  const separator = named.indexOf(' > ');
  return named.slice(0, separator).replace(/:\d+:\d+$/, '') + named.slice(separator);
}

/** Reads vitest's `verbose` reporter: one `✓ file > describe > test 3ms` line per test. */
export function parseVitest(log: string): StatusMap {
  const map = newStatusMap();
  for (const line of logLines(log)) {
    const match = verboseLine.exec(line);
    if (!match) continue;
    const status = marks[match[1]!]!;
    recordStatus(map, idOf(match[2]!, status), status);
  }
  return map;
}
