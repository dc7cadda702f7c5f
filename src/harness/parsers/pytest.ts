import type { TestStatus } from '../../schema/test-run.js';
import { logLines } from './log-lines.js';
import { newStatusMap, recordStatus, type StatusMap } from './status-map.js';

/** pytest's short-summary words; XPASS counts as PASSED, as in SWE-bench. */
const summaryWords: Record<string, TestStatus> = {
  PASSED: 'PASSED',
  FAILED: 'FAILED',
  ERROR: 'ERROR',
  SKIPPED: 'SKIPPED',
  XFAIL: 'XFAIL',
  XPASS: 'PASSED',
};
const summaryLine = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (.+)$/;
const summaryHeader = /^=+ short test summary info =+$/;

/** Whether brackets are balanced, so a ` - ` inside a parameter id is not taken for the message separator. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) depth += char === '[' ? 1 : char === ']' ? -1 : 0;
  return depth === 0;
}

/** The node id at the start of a summary line's remainder: `<nodeid>` or `<nodeid> - <message>`. */
function nodeIdOf(rest: string): string {
  let at = rest.indexOf(' - ');
  while (at !== -1 && !balanced(rest.slice(0, at))) at = rest.indexOf(' - ', at + 1);
  return (at === -1 ? rest : rest.slice(0, at)).trimEnd();
}

/** The lines to read: those after the last short-summary header, or the whole log when it has none. */
function summaryLines(lines: string[]): string[] {
  const header = lines.findLastIndex((line) => summaryHeader.test(line.trim()));
  return header === -1 ? lines : lines.slice(header + 1);
}

/**
 * Reads pytest's `-rA` short summary (`PASSED path::test`, `FAILED path::test - msg`, ...). Only node
 * ids (with `::`) count: collection errors of whole files and `SKIPPED [n] file:line` lines, which name
 * no test, are left out.
 */
export function parsePytest(log: string): StatusMap {
  const map = newStatusMap();
  for (const line of summaryLines(logLines(log))) {
    const match = summaryLine.exec(line);
    if (!match) continue;
    const status = summaryWords[match[1]!]!;
    const id = nodeIdOf(match[2]!);
    if (id.includes('::') && !id.startsWith('[')) recordStatus(map, id, status);
  }
  return map;
}
