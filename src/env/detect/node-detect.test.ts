import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { detectEnvWithNotes } from './index.js';
import { manifestDigest } from './manifest.js';
import { writeTree } from './testing/tree.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await tempDir('lf-detect-node-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const pkg = (extra: object) => JSON.stringify({ name: 'demo', version: '1.0.0', ...extra });
const JEST_TAIL = '--json --outputFile={junit} {tests}';

async function detected(files: Record<string, string>) {
  const dir = await writeTree(join(root, `repo${count++}`), files);
  const { spec, notes } = await detectEnvWithNotes(dir);
  return { spec, notes, digest: await manifestDigest(dir, spec.manifest_files) };
}

describe('JS package manager chosen from the lockfile', () => {
  it.each([
    [
      { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages: []\n' },
      'pnpm',
      ['pnpm-lock.yaml', 'pnpm-workspace.yaml'],
      [
        'npm install --no-audit --no-fund --no-save --prefix .lf-tools pnpm@9',
        '.lf-tools/node_modules/.bin/pnpm install --frozen-lockfile',
      ],
    ],
    [
      { 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" },
      'pnpm',
      ['pnpm-lock.yaml'],
      [
        'npm install --no-audit --no-fund --no-save --prefix .lf-tools pnpm@8',
        '.lf-tools/node_modules/.bin/pnpm install --frozen-lockfile',
      ],
    ],
    [
      { 'yarn.lock': '# yarn lockfile v1\n' },
      'yarn',
      ['yarn.lock'],
      [
        'npm install --no-audit --no-fund --no-save --prefix .lf-tools yarn@1',
        '.lf-tools/node_modules/.bin/yarn install --frozen-lockfile --non-interactive',
      ],
    ],
    [
      { 'yarn.lock': '__metadata:\n  version: 6\n', '.yarnrc.yml': 'nodeLinker: pnp\n' },
      'yarn-berry',
      ['yarn.lock', '.yarnrc.yml'],
      [
        'npm install --no-audit --no-fund --no-save --prefix .lf-tools @yarnpkg/cli-dist@3',
        'YARN_IGNORE_PATH=1 YARN_NODE_LINKER=node-modules .lf-tools/node_modules/.bin/yarn install --immutable',
      ],
    ],
    [
      { 'package-lock.json': '{}', 'yarn.lock': '# yarn lockfile v1\n', packageManager: 'npm@10.2.0' },
      'npm',
      ['package-lock.json'],
      ['npm ci --no-audit --no-fund'],
    ],
  ])('%#: %j → %s', async (files, name, lockfiles, install) => {
    const { packageManager, ...rest } = files as Record<string, string>;
    const { spec, notes } = await detected({
      ...rest,
      'package.json': pkg({
        devDependencies: { mocha: '11' },
        ...(packageManager ? { packageManager } : {}),
      }),
    });
    expect(spec.manifest_files).toEqual(['package.json', ...lockfiles]);
    expect(spec.install).toEqual(['npm pkg delete scripts', ...install]);
    expect(notes).toContain(`package manager: ${name}`);
  });

  it('takes yarn berry and its exact version from packageManager', async () => {
    const { spec } = await detected({
      'package.json': pkg({ devDependencies: { jest: '29' }, packageManager: 'yarn@4.1.0+sha512.abc' }),
      'yarn.lock': '# whatever\n',
    });
    expect(spec.install.slice(1)).toEqual([
      'npm install --no-audit --no-fund --no-save --prefix .lf-tools @yarnpkg/cli-dist@4.1.0',
      'YARN_IGNORE_PATH=1 YARN_NODE_LINKER=node-modules .lf-tools/node_modules/.bin/yarn install --immutable',
    ]);
  });
});

describe('the test command read from package.json scripts', () => {
  it('jest: options and variables of the test script, what the judge sets dropped', async () => {
    const { spec, notes, digest } = await detected({
      'package.json': pkg({
        scripts: {
          test: 'tsc -p . && NODE_OPTIONS=--experimental-vm-modules jest --runInBand --coverage --testTimeout 20000 src/',
        },
        devDependencies: { jest: '29' },
      }),
      'package-lock.json': '{}',
      '.nvmrc': 'v18.19.0\n',
    });
    expect(spec).toEqual({
      language: 'javascript',
      runtime_version: '18',
      manifest_files: ['package.json', 'package-lock.json'],
      manifest_digest: digest,
      install: ['npm pkg delete scripts', 'npm ci --no-audit --no-fund'],
      test_cmd: `jest --ci --config '{}' --runInBand --testTimeout 20000 ${JEST_TAIL}`,
      log_parser: 'jest',
      env: { NODE_OPTIONS: '--experimental-vm-modules' },
    });
    expect(notes).toEqual([
      'test command: jest options ["--runInBand","--testTimeout","20000"], spec files [] and variables ["NODE_OPTIONS"] from package.json scripts.test',
      'package manager: npm',
      'runtime: node 18 from .nvmrc',
    ]);
  });

  it('mocha: follows npm run into the script that runs it; its spec globs are the default tests', async () => {
    const { spec, notes } = await detected({
      'package.json': pkg({
        scripts: {
          test: 'npm run lint && npm run test:unit',
          'test:unit':
            "cross-env TZ=UTC mocha --require ts-node/register --exit --reporter dot 'test/**/*.spec.ts'",
        },
        devDependencies: { mocha: '10', 'ts-node': '10' },
      }),
    });
    expect(spec.test_cmd).toBe(
      "lf_tests=({tests}); [ ${#lf_tests[@]} -gt 0 ] || lf_tests=('test/**/*.spec.ts'); " +
        'mocha --no-config --package package.json --require ts-node/register --exit --reporter xunit ' +
        '--reporter-option output={junit} "${lf_tests[@]}"',
    );
    expect(spec.env).toEqual({ TZ: 'UTC' });
    expect(notes[0]).toBe(
      'test command: mocha options ["--require","ts-node/register","--exit"], spec files ["test/**/*.spec.ts"] ' +
        'and variables ["TZ"] from package.json scripts.test:unit',
    );
  });

  it('a pretest hook that only builds (directly or through npm run) runs before the tests; one that lints does not', async () => {
    const scripts = { pretest: 'rimraf build && tsc -p tsconfig.test.json', test: 'c8 mocha test/*.mjs' };
    const { spec, notes } = await detected({
      'package.json': pkg({ scripts, devDependencies: { mocha: '11', typescript: '5' } }),
    });
    expect(spec.test_cmd).toBe(
      '(rimraf build && tsc -p tsconfig.test.json) && { lf_tests=({tests}); [ ${#lf_tests[@]} -gt 0 ] || ' +
        "lf_tests=('test/*.mjs'); mocha --no-config --package package.json --reporter xunit " +
        '--reporter-option output={junit} "${lf_tests[@]}"; }',
    );
    expect(notes[1]).toBe(
      'test command: runs the pretest build "rimraf build && tsc -p tsconfig.test.json" first',
    );
    const linted = await detected({
      'package.json': pkg({
        scripts: { pretest: 'eslint . && tsc', test: 'jest' },
        devDependencies: { jest: '29' },
      }),
    });
    expect(linted.spec.test_cmd).toBe(`jest --ci --config '{}' ${JEST_TAIL}`);
    const rollup = 'rimraf build && tsc && cross-env NODE_ENV=test npm run build:cjs';
    const chained = await detected({
      'package.json': pkg({
        scripts: { pretest: rollup, 'build:cjs': 'rollup -c', test: 'jest' },
        devDependencies: { jest: '29' },
      }),
    });
    expect(chained.spec.test_cmd).toBe(`(${rollup}) && { jest --ci --config '{}' ${JEST_TAIL}; }`);
  });

  it('vitest: the run subcommand, filters and coverage dropped, pool and environment kept', async () => {
    const { spec } = await detected({
      'package.json': pkg({
        scripts: { test: 'vitest run --coverage --pool=forks --environment jsdom src/lib' },
        devDependencies: { vitest: '3' },
        engines: { node: '>=14 <17 || ^18.12' },
      }),
    });
    expect(spec.test_cmd).toBe(
      'vitest run --root . --config {no_config} --pool=forks --environment jsdom ' +
        '--reporter=verbose --reporter=junit --outputFile.junit={junit} {tests}',
    );
    expect(spec.runtime_version).toBe('18');
  });
});
