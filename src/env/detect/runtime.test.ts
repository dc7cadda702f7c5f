import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { EnvSpec } from '../../schema/env.js';
import { chooseBaseImage } from '../base-image.js';
import { execa } from 'execa';
import { availableRuntimes, detectEnvWithNotes } from './index.js';
import { wantedNode } from './node-version.js';
import { pythonAllowed, wantedPython } from './python-version.js';
import { runtimeUnavailable } from './runtime.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-runtime-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const repoWith = (files: Record<string, string>) => writeTree(join(root, `repo${count++}`), files);

describe('pythonAllowed', () => {
  it.each([
    ['>=3.8', ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']],
    ['>=3.7, <3.10', ['3.7', '3.8', '3.9']],
    ['>=3.8.1,<4', ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']],
    ['~=3.9.2', ['3.9']],
    ['~=3.12', ['3.12', '3.13', '3.14']],
    ['==3.10.*', ['3.10']],
    ['>=3.6,!=3.7.*,<=3.9', ['3.6', '3.8', '3.9']],
    ['>3.11', ['3.12', '3.13', '3.14']],
  ])('%s', (requires, allowed) => {
    expect(pythonAllowed(requires)).toEqual(allowed);
  });
});

describe('the runtime a project wants', () => {
  it.each([
    [
      { '.python-version': '3.8.18\n', 'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n' },
      '3.8',
      '.python-version',
    ],
    [{ 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n' }, '3.11', 'requires-python ">=3.8"'],
    [{ 'setup.py': 'setup(python_requires=">=3.6, <3.10")\n' }, '3.9', 'python_requires ">=3.6, <3.10"'],
    [{ 'setup.cfg': '[options]\npython_requires = >=3.12\n' }, '3.12', 'python_requires ">=3.12"'],
    [
      {
        'setup.py':
          'setup(python_requires=">=3.6", classifiers=["Programming Language :: Python :: 3.7",\n' +
          '"Programming Language :: Python :: 3.8"])\n',
      },
      '3.8',
      'python_requires ">=3.6" and classifiers',
    ],
  ])('python %#', async (files, version, source) => {
    expect(await wantedPython(await repoWith(files))).toEqual({ version, source });
  });

  it('python: nothing said is nothing wanted', async () => {
    expect(await wantedPython(await repoWith({ 'setup.py': 'setup(name="x")\n' }))).toBeUndefined();
  });

  it.each([
    [{ '.nvmrc': 'lts/gallium\n' }, undefined, '16', '.nvmrc'],
    [{ '.node-version': '22.3.0\n' }, '>=18', '22', '.node-version'],
    [{}, '^16 || ^18', '18', 'engines.node "^16 || ^18"'],
    [{}, '>=12', '20', 'engines.node ">=12"'],
    [{}, '16.x', '16', 'engines.node "16.x"'],
    [{}, '>=22.0.0', '22', 'engines.node ">=22.0.0"'],
    [{}, '>= 14 < 19', '18', 'engines.node ">= 14 < 19"'],
  ])('node %#', async (files, engines, version, source) => {
    expect(await wantedNode(await repoWith(files), engines)).toEqual({ version, source });
  });
});

describe('a runtime the machine lacks is said, and the registry image picked for it', () => {
  const spec = (language: 'python' | 'javascript', runtime_version: string) =>
    EnvSpec.parse({ language, runtime_version, test_cmd: 'x', log_parser: 'pytest' });

  it('notes a wanted Python other than 3.11, in the detection notes too', async () => {
    expect(runtimeUnavailable(spec('python', '3.8'), ['3.11'])).toBe(
      'Python 3.8 wanted, but only Python 3.11 is available here; tests run on 3.11. ' +
        'With a registry, --base-image registry picks python:3.8-slim.',
    );
    expect(runtimeUnavailable(spec('python', '3.11'), ['3.11'])).toBeUndefined();
    expect(runtimeUnavailable(spec('javascript', ''), ['18'])).toBeUndefined();
    const { notes } = await detectEnvWithNotes(
      await repoWith({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = "<3.9"\n' }),
    );
    expect(notes.slice(1)).toEqual([
      'runtime: Python 3.8 from requires-python "<3.9"',
      'Python 3.8 wanted, but only Python 3.11 is available here; tests run on 3.11. ' +
        'With a registry, --base-image registry picks python:3.8-slim.',
    ]);
  });

  it('--base-image registry picks python:X.Y-slim or node:N; a spec’s own image and other values win', () => {
    expect(chooseBaseImage(spec('python', '3.9'), 'registry')).toBe('python:3.9-slim');
    expect(chooseBaseImage(spec('python', ''), 'registry')).toBe('python:3.11-slim');
    expect(chooseBaseImage(spec('javascript', '16'), 'registry')).toBe('node:16');
    expect(chooseBaseImage(spec('javascript', ''), 'registry')).toBe('node:20');
    expect(chooseBaseImage(spec('javascript', '16'), 'node:22-bookworm')).toBe('node:22-bookworm');
    expect(chooseBaseImage({ ...spec('python', '3.9'), base_image: 'mine:1' }, 'registry')).toBe('mine:1');
    expect(chooseBaseImage(spec('python', '3.9'), undefined)).toBeUndefined();
  });
});

describe('availableRuntimes', () => {
  it('is the Debian image’s on docker, this machine’s locally, and unknown with --base-image', async () => {
    expect(await availableRuntimes('docker')).toEqual({ python: ['3.11'], javascript: ['18'] });
    const { stdout } = await execa('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
    expect(await availableRuntimes('local')).toEqual({
      python: [stdout.trim()],
      javascript: [process.versions.node.split('.')[0]],
    });
    expect(await availableRuntimes('docker', 'registry')).toBeNull();
    expect(await availableRuntimes('docker', 'python:3.8-slim')).toBeNull();
  });

  it('with nothing known to be missing, detection makes no unavailability note', async () => {
    const repo = await repoWith({ '.nvmrc': '16\n', 'package.json': '{"devDependencies":{"jest":"29"}}' });
    expect((await detectEnvWithNotes(repo, null)).notes).toEqual([
      'test command: jest alone (no package.json script runs it directly)',
      'package manager: npm',
      'runtime: node 16 from .nvmrc',
    ]);
    expect((await detectEnvWithNotes(repo, await availableRuntimes('docker'))).notes.at(-1)).toBe(
      'node 16 wanted, but only node 18 is available here; tests run on 18. With a registry, --base-image registry picks node:16.',
    );
  });
});
