import { pipInstallLine } from './pip-edit.js';
import type { RepairRule } from './rule.js';

/** Failures of tests written for an older pytest, and the newest pytest series they run under. */
const SIGNATURES: readonly { pattern: RegExp; below: number }[] = [
  // pytest 9 turned its 8.x deprecations into errors
  { pattern: /Marks cannot be applied to fixtures/, below: 9 },
  { pattern: /requested an async fixture '[^']*', with no plugin or hook that handled it/, below: 9 },
  { pattern: /PytestRemovedIn9Warning/, below: 9 },
  // pytest 8 removed nose support and pytest.warns(None)
  { pattern: /PytestRemovedIn8Warning/, below: 8 },
  { pattern: /exceptions must be derived from Warning, not <class 'NoneType'>/, below: 8 },
  { pattern: /Support for nose tests is deprecated/, below: 8 },
  // pytest 7 removed the old hook and config spellings
  { pattern: /PytestRemovedIn7Warning/, below: 7 },
];

// Tests that import one of pytest's private names (`from _pytest.monkeypatch import notset`) which the
// pytest that ran no longer has: the series below it still had the name
const PRIVATE_IMPORT = /(?:cannot import name '\w+' from '_pytest[.\w]*'|No module named '_pytest\.[.\w]+')/;

function privateImport(log: string) {
  const line = log.split('\n').find((text) => PRIVATE_IMPORT.test(text));
  const major = /\bpytest-(\d+)\.\d+/.exec(log)?.[1];
  if (line === undefined || major === undefined) return undefined;
  return { line: line.trim(), subject: `pytest<${major}` };
}

/**
 * Tests that rely on what a newer pytest removed (marks on fixtures, async fixtures without a plugin,
 * nose-style setup, `pytest.warns(None)`, a private `_pytest` name it dropped): install the last pytest before the removal. When the index
 * has no such release the build fails with pip's "No matching distribution found for pytest<N>", and
 * the ledger says so.
 */
export const pytestCompat: RepairRule = {
  summary: 'tests written for an older pytest: install the last pytest release before the removal',
  phases: ['check'],
  match({ log }) {
    for (const line of log.split('\n')) {
      const found = SIGNATURES.find(({ pattern }) => pattern.test(line));
      if (found) return { line: line.trim(), subject: `pytest<${found.below}` };
    }
    return privateImport(log);
  },
  edit(spec, { subject }) {
    const below = Number(subject.slice('pytest<'.length));
    const capped = spec.install.some((line) =>
      [...line.matchAll(/pytest<(\d+)/g)].some((m) => Number(m[1]) <= below),
    );
    if (capped) return undefined;
    return { ...spec, install: [...spec.install, pipInstallLine(spec, [subject])] };
  },
};
