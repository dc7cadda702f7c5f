import type { TestStatus } from '../../schema/test-run.js';
import { logLines } from './log-lines.js';
import { newStatusMap, recordStatus, relativeTo, type ParseContext, type StatusMap } from './status-map.js';

const resultLine = /^([✔✖﹣]) (.+?)(?: \([\d.]+m?s\))?(?: # (SKIP|TODO)\b.*)?$/;
const suiteLine = /^▶ (.+)$/;
const summary = /^ℹ tests \d+$/;

function statusOf(mark: string, directive: string | undefined): TestStatus {
  if (directive !== undefined || mark === '﹣') return 'SKIPPED';
  return mark === '✔' ? 'PASSED' : 'FAILED';
}

/**
 * Reads the `spec` reporter of node's built-in test runner (`node --test`), the fallback when no report
 * was written. Suites and tests with subtests open with `▶ name` and are known by indentation (two
 * spaces a level); the line that closes one is not a test of its own. The output names no files, so
 * ids are `suite > ... > test` (the judge reporter's ids without their leading `file > `); skipped and
 * todo tests are SKIPPED; a test file that fails outside its tests is its path (relative to the
 * root). Reading stops at the summary (`ℹ tests N`), after which failures repeat.
 */
export function parseNodeTest(log: string, context: ParseContext = {}): StatusMap {
  const map = newStatusMap();
  const open: string[] = [];
  for (const line of logLines(log)) {
    const text = line.trim();
    if (summary.test(text)) break;
    const depth = (line.length - line.trimStart().length) / 2;
    if (!Number.isInteger(depth) || depth > open.length) continue;
    const suite = suiteLine.exec(text);
    if (suite) {
      open.splice(depth, open.length, suite[1]!);
      continue;
    }
    const result = resultLine.exec(text);
    if (!result) continue;
    const [, mark, name, directive] = result;
    if (open.length > depth && open[depth] === name) {
      open.splice(depth);
      continue;
    }
    open.splice(depth);
    recordStatus(map, [...open, relativeTo(name!, context.root)].join(' > '), statusOf(mark!, directive));
  }
  return map;
}
