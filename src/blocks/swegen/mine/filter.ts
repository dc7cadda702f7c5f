import type { FileKind, MineRules } from '../rules.js';
import type { Change } from './history.js';
import type { FileDiff } from './patches.js';

/** Why mining passed over a change; each is counted in the yield ledger. */
export type MineReason =
  | 'root_commit'
  | 'empty_change'
  | 'submodule'
  | 'no_tests'
  | 'tests_only'
  | 'too_many_files'
  | 'vendored_only'
  | 'docs_only'
  | 'too_many_lines'
  | 'binary_only'
  | 'lfs_pointer'
  | 'empty_statement'
  | 'env_undetected';

const SUBMODULE_MODE = '160000';
const LFS_POINTER = /^\+version https:\/\/git-lfs\.github\.com\/spec\//m;

/**
 * The first rule a change breaks that its paths alone decide (the cheap pass over all history): it must
 * have a parent, touch no submodule, change tests and non-test files, stay within the file limit, and
 * its non-test files must include source code rather than only vendored files or docs.
 */
export function changeRejection(
  change: Change,
  kindOf: (path: string) => FileKind,
  rules: MineRules,
): MineReason | undefined {
  if (change.parents.length === 0) return 'root_commit';
  if (change.files.length === 0) return 'empty_change';
  if (change.files.some((f) => f.mode === SUBMODULE_MODE || f.path === '.gitmodules')) return 'submodule';
  const kinds = change.files.map((file) => kindOf(file.path));
  const nonTest = kinds.filter((kind) => kind !== 'test');
  if (nonTest.length === kinds.length) return 'no_tests';
  if (nonTest.length === 0) return 'tests_only';
  if (change.files.length > rules.max_files) return 'too_many_files';
  if (nonTest.includes('code')) return undefined;
  return nonTest.includes('vendored') ? 'vendored_only' : 'docs_only';
}

/**
 * The first rule a change's diff breaks: at most `max_lines` added and deleted lines, source code that
 * is not all binary, and no Git LFS pointers.
 */
export function diffRejection(
  files: FileDiff[],
  kindOf: (path: string) => FileKind,
  rules: MineRules,
): MineReason | undefined {
  if (files.reduce((sum, file) => sum + file.added + file.deleted, 0) > rules.max_lines)
    return 'too_many_lines';
  if (files.every((file) => file.binary || kindOf(file.path) !== 'code')) return 'binary_only';
  return files.some((file) => LFS_POINTER.test(file.text)) ? 'lfs_pointer' : undefined;
}
