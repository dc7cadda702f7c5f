import type { TestStatus } from '../../schema/test-run.js';
import { logLines } from './log-lines.js';
import { newStatusMap, recordStatus, type StatusMap } from './status-map.js';

const passLine = /^[✔✓√] (.+?)(?: \(\d+ms\))?$/;
const failLine = /^\d+\) (.+)$/;
const pendingLine = /^- (.+)$/;
const hookTitle = /^"(before|after) (all|each)" hook/;
const epilogue = /^\s*\d+ passing \(/;

function resultOf(text: string): { title: string; status: TestStatus } | undefined {
  const passed = passLine.exec(text);
  if (passed) return { title: passed[1]!, status: 'PASSED' };
  const failed = failLine.exec(text);
  if (failed) return { title: failed[1]!, status: hookTitle.test(failed[1]!) ? 'ERROR' : 'FAILED' };
  const pending = pendingLine.exec(text);
  return pending ? { title: pending[1]!, status: 'SKIPPED' } : undefined;
}

/**
 * Reads mocha's default `spec` reporter, the fallback when no xunit report was written. Suites are
 * known by indentation (two spaces a level). The spec output names no files, so ids are
 * `suite titles joined by spaces > test` (the xunit ids without their leading `file > `); a failing
 * hook counts as ERROR.
 */
export function parseMocha(log: string): StatusMap {
  const map = newStatusMap();
  const suites: string[] = [];
  for (const line of logLines(log)) {
    if (epilogue.test(line)) break;
    const text = line.trim();
    const depth = (line.length - line.trimStart().length) / 2 - 1;
    if (text === '' || depth < 0 || !Number.isInteger(depth)) continue;
    const result = resultOf(text);
    if (result === undefined) {
      suites.splice(depth, suites.length, text);
      continue;
    }
    const parents = suites.slice(0, depth).join(' ');
    recordStatus(map, parents === '' ? result.title : `${parents} > ${result.title}`, result.status);
  }
  return map;
}
