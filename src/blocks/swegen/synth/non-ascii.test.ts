import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../../../errors.js';
import { ensureMirror } from '../../../repos/mirror.js';
import { gitIn, makeRepo, tempDir } from '../../../repos/test-repo.js';
import { prepareWorkspace } from '../../../repos/workspace.js';
import type { SynthBug } from '../../../schema/synth.js';
import { materializeSyntheticBase } from '../../../repos/synthetic-base.js';
import { bugFromFiles } from './bug.js';
import { candidateOf } from './candidate.js';
import { generateProcedural } from './procedural.js';

const python = `"""Grüße, 世界 😀."""


def greet(name):
    prefix = "héllo 😀 "
    if name == "Zoë":
        return prefix + name + " ✓"
    return prefix + name.upper()
`;
const typescript =
  "// Ünïcödé ✓\r\nexport function greet(name: string): string {\r\n  const prefix = 'héllo 😀 ';\r\n" +
  "  if (name === 'Zoë') return prefix + name + ' ✓';\r\n  return prefix + name.toUpperCase();\r\n}\r\n";
const files = { 'src/grüße.py': python, 'src/grüße.ts': typescript };

let root: string;
let repo: string;
let original: string;
let bugs: SynthBug[];
let buggyTexts: string[];

beforeAll(async () => {
  root = await tempDir('lf-synth-unicode-');
  repo = join(root, 'repo');
  original = await makeRepo(repo, files);
  const sources = [
    { path: 'src/grüße.py', text: python, grammar: 'python' as const },
    { path: 'src/grüße.ts', text: typescript, grammar: 'typescript' as const },
  ];
  const made = await generateProcedural(sources, { seed: 7, max: 100 });
  const origin = {
    gitDir: repo,
    repo: 'acme/unicode',
    originalCommit: original,
    createdAt: '',
    version: 'v',
  };
  bugs = [];
  buggyTexts = made.bugs.map((bug) => bug.text);
  for (const bug of made.bugs) {
    const recipe = { strategy: 'procedural' as const, transform: bug.transform, unit: bug.unit, params: {} };
    bugs.push((await bugFromFiles(origin, { [bug.file]: bug.text }, recipe))!);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const instanceOf = (bug: SynthBug) => candidateOf(bug, { text: 'x', source: 'tests' }, undefined);

describe('synthetic bugs in non-ASCII sources', () => {
  it('change only the transformed text: the exact lines, CRLF endings included', () => {
    expect(bugs).toHaveLength(24);
    const changed = (bug: SynthBug) => bug.bug_diff.split('\n').filter((line) => /^[-+][^-+]/.test(line));
    const invert = bugs.find((bug) => bug.transform === 'invert_if' && bug.files[0] === 'src/grüße.ts')!;
    expect(changed(invert)).toEqual([
      "-  if (name === 'Zoë') return prefix + name + ' ✓';\r",
      "+  if (!(name === 'Zoë')) return prefix + name + ' ✓';\r",
    ]);
    const swap = bugs.filter((bug) => bug.transform === 'swap_operands' && bug.files[0] === 'src/grüße.py');
    expect(swap.flatMap(changed).filter((line) => line.startsWith('+'))).toEqual(
      expect.arrayContaining(['+        return " ✓" + prefix + name', '+    return name.upper() + prefix']),
    );
  });

  it('rebuild byte-exact from the original repository: the buggy files, and the originals after the fix', async () => {
    const cacheDir = join(root, 'cache');
    const mirror = await ensureMirror('acme/unicode', repo, cacheDir);
    for (const [n, bug] of bugs.entries()) {
      await materializeSyntheticBase(mirror, instanceOf(bug));
      const workspace = join(root, `ws-${n}`);
      await prepareWorkspace(mirror, bug.base_commit, workspace);
      expect((await gitIn(workspace, 'log', '--all', '--format=%H %an %s')).split('\n')).toEqual([
        `${bug.base_commit} LegoFactory Synthetic task base`,
      ]);
      const path = bug.files[0]!;
      expect(await readFile(join(workspace, path))).toEqual(Buffer.from(buggyTexts[n]!, 'utf8'));
      const fixed = Buffer.from(files[path as keyof typeof files], 'utf8');
      await writeFile(join(root, 'fix.diff'), bug.patch);
      await execa('git', ['apply', join(root, 'fix.diff')], { cwd: workspace });
      expect(await readFile(join(workspace, path))).toEqual(fixed);
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('rebuilds nothing for real instances, and refuses a base that the source does not give', async () => {
    const mirror = await ensureMirror('acme/unicode', repo, join(root, 'cache'));
    const real = { ...instanceOf(bugs[0]!), source: { kind: 'real' } };
    await expect(
      materializeSyntheticBase(mirror, { ...real, base_commit: 'f'.repeat(40) }),
    ).resolves.toBeUndefined();
    const tampered = instanceOf(bugs[1]!);
    const other = { ...tampered, base_commit: 'e'.repeat(40) };
    const error = await materializeSyntheticBase(mirror, other).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LegoError);
    expect((error as LegoError).code).toBe('bad_input');
    expect((error as LegoError).message).toContain(`not ${'e'.repeat(40)}`);
    const noDiff = { ...other, source: { kind: 'synthetic:procedural', commit: original } };
    expect(
      ((await materializeSyntheticBase(mirror, noDiff).catch((err: unknown) => err)) as Error).message,
    ).toContain('source.bug_diff');
  });
});
