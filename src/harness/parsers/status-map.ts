import type { TestStatus } from '../../schema/test-run.js';

/** Test id → status, as every parser returns it. */
export type StatusMap = Record<string, TestStatus>;

/** Where a run happened, so absolute paths in reports become repository-relative test ids. */
export interface ParseContext {
  /** Absolute path of the repository root the tests ran in. */
  root?: string;
}

/** When one id is reported twice (a failing test whose teardown also errors), the worse status wins. */
const severity: Record<TestStatus, number> = { PASSED: 0, SKIPPED: 1, XFAIL: 2, ERROR: 3, FAILED: 4 };

/** An empty map without a prototype, so ids such as `constructor` are plain keys. */
export function newStatusMap(): StatusMap {
  return Object.create(null) as StatusMap;
}

/** Records `status` for `id`, keeping the worse status when the id was already seen. */
export function recordStatus(map: StatusMap, id: string, status: TestStatus): void {
  const previous = map[id];
  if (previous === undefined || severity[status] >= severity[previous]) map[id] = status;
}

/** `path` relative to `root` when it lies below it; otherwise unchanged. */
export function relativeTo(path: string, root: string | undefined): string {
  if (root === undefined || root === '') return path;
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
