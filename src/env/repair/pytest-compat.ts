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

/**
 * Tests that rely on what a newer pytest removed (marks on fixtures, async fixtures without a plugin,
 * nose-style setup, `pytest.warns(None)`): install the last pytest before the removal. When the index
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
    return undefined;
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
