import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../../../repos/test-repo.js';
import type { TaskInstance } from '../../../schema/instance.js';
import { bugFromFiles } from './bug.js';
import { candidateOf } from './candidate.js';
import { combineBugs } from './combine.js';

const calc = 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';
let root: string;
let instances: TaskInstance[];

beforeAll(async () => {
  root = await tempDir('lf-synth-combine-');
  const commit = await makeRepo(root, { 'calc.py': calc, 'other/more.py': 'X = 1\n' });
  const origin = { gitDir: root, repo: 'acme/calc', originalCommit: commit, createdAt: '', version: 'v' };
  const variants = [
    ['calc.py', calc.replace('a + b', 'a - b'), 'add'],
    ['calc.py', calc.replace('a - b', 'b - a'), 'sub'],
    ['calc.py', calc.replace('a + b', 'a * b'), 'add'],
    ['other/more.py', 'X = 2\n', ''],
  ] as const;
  instances = [];
  for (const [file, text, unit] of variants) {
    const recipe = { strategy: 'procedural' as const, transform: 'change_operator', unit, params: {} };
    const bug = (await bugFromFiles(origin, { [file]: text }, recipe))!;
    instances.push(candidateOf(bug, { text: 'x', source: 'tests' }, undefined) as TaskInstance);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('combineBugs', () => {
  it('merges bugs of one file that apply together, and counts those that conflict', async () => {
    const set = await combineBugs(instances, { max: 5, seed: 1, gitDirOf: async () => root });
    expect(set.bugs).toHaveLength(2);
    const diffs = set.bugs.map((bug) => bug.bug_diff.split('\n').filter((l) => /^[-+] /.test(l)));
    expect(diffs).toContainEqual([
      '-    return a + b',
      '+    return a - b',
      '-    return a - b',
      '+    return b - a',
    ]);
    expect(diffs).toContainEqual([
      '-    return a + b',
      '+    return a * b',
      '-    return a - b',
      '+    return b - a',
    ]);
    expect(set.counts().rejected).toEqual([{ strategy: 'combine', reason: 'conflict', count: 1 }]);
    for (const bug of set.bugs) {
      expect(bug.strategy).toBe('combine');
      expect(
        (bug.params['parts'] as string[]).every((id) => instances.some((i) => i.instance_id === id)),
      ).toBe(true);
      expect(bug.patch).toContain('+    return a + b');
    }
  });

  it('stops at max and leaves other directories, real instances and earlier combinations alone', async () => {
    const real = { ...instances[0]!, instance_id: 'real', source: { kind: 'real' } };
    const set = await combineBugs([...instances, real], {
      max: 1,
      seed: 1,
      gitDirOf: async () => join(root),
    });
    expect(set.bugs).toHaveLength(1);
    const parts = set.bugs[0]!.params['parts'] as string[];
    expect(parts).not.toContain('real');
    expect(parts).not.toContain(instances[3]!.instance_id);
  });
});
