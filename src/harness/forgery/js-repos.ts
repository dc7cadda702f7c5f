import { mkdir } from 'node:fs/promises';
import { buildExampleRepo } from '../../examples/build.js';
import type { ExampleRepo } from '../../examples/repos/types.js';
import type { TaskInstance } from '../../schema/instance.js';

/**
 * Test support: small real repositories tested with jest (29 and 27) and mocha (with node:assert, chai 4
 * and chai 5), each with one task (clamp() returns the lower bound for a value above the range), so the
 * forging suite covers every runner.
 */

/** clamp() as it is at the base commit: a value above the range comes back as the lower bound. */
export const buggyClamp = `/** Limits value to the range [min, max]. */
function clamp(value, min, max) {
  if (value < min) return min;
  if (value > max) return min;
  return value;
}

module.exports = { clamp };
`;

const fixedClamp = buggyClamp.replace('if (value > max) return min;', 'if (value > max) return max;');

const titles = { inside: 'keeps a value inside the range', below: 'raises a value below the range' };
const fixTitle = 'lowers a value above the range';
/** The test file and the titles of its tests in `describe('clamp')`, the FAIL_TO_PASS one last. */
export const clampTests = { file: 'test/clamp.test.js', titles: [titles.inside, titles.below, fixTitle] };

/**
 * The clamp test file (the FAIL_TO_PASS test only with `f2p`), asserting with `check(actual, expected)`;
 * `header` loads the assertions and `load` loads `clamp()` (CommonJS by default).
 */
function clampTestFile(
  header: string,
  check: (actual: string, expected: string) => string,
  f2p: boolean,
  load = "const { clamp } = require('../src/clamp');\n",
) {
  const test = (title: string, actual: string, expected: string) =>
    `  it('${title}', () => {\n    ${check(actual, expected)};\n  });\n`;
  const tests = [test(titles.inside, 'clamp(5, 0, 10)', '5'), test(titles.below, 'clamp(-3, 0, 10)', '0')];
  if (f2p) tests.push(test(fixTitle, 'clamp(42, 0, 10)', '10'));
  return `${header}${load}\ndescribe('clamp', () => {\n${tests.join('\n')}});\n`;
}

const packageJson = (name: string, runner: string, dependencies: Record<string, string>) => `{
  "name": "${name}",
  "version": "1.0.0",
  "private": true,
  "scripts": { "test": "${runner}" },
  "devDependencies": { ${Object.entries(dependencies)
    .map(([dependency, version]) => `"${dependency}": "${version}"`)
    .join(', ')} }
}
`;

/** The repository's test dependencies besides the runner, and its test file's path if not `clampTests.file`. */
interface ClampRepoOptions {
  dependencies?: Record<string, string>;
  file?: string;
}

function clampRepo(
  name: string,
  runner: string,
  version: string,
  config: Record<string, string>,
  tests: (f2p: boolean) => string,
  { dependencies = {}, file = clampTests.file }: ClampRepoOptions = {},
) {
  const id = (title: string) => `${file} > clamp > ${title}`;
  const repo: ExampleRepo = {
    repo: `forgery/${name}`,
    isTestFile: (path) => path.startsWith('test/'),
    commits: [
      {
        message: `clamp(), tested with ${runner}`,
        files: {
          'package.json': packageJson(name, runner, { [runner]: version, ...dependencies }),
          ...config,
          'src/clamp.js': buggyClamp,
          [file]: tests(false),
        },
      },
      {
        message: 'clamp: a value above the range comes back as the upper bound',
        files: { 'src/clamp.js': fixedClamp, [file]: tests(true) },
      },
    ],
    tasks: [
      {
        fixCommit: 1,
        problem_statement: 'clamp(42, 0, 10) returns 0; a value above the range should come back as 10.',
        FAIL_TO_PASS: [id(fixTitle)],
        PASS_TO_PASS: [id(titles.inside), id(titles.below)],
      },
    ],
  };
  return repo;
}

/** The runners' own config files at the base commit, so the test commands pass them (`--config`). */
export const jestConfig = "module.exports = { testEnvironment: 'node' };\n";
export const mochaConfig = '{ "timeout": 10000 }\n';

const jestTests = (f2p: boolean) =>
  clampTestFile('', (actual, expected) => `expect(${actual}).toBe(${expected})`, f2p);
export const jestRepo = clampRepo('jestkit', 'jest', '29.7.0', { 'jest.config.js': jestConfig }, jestTests);
/** jest before 29.3, which has no `--workerIdleMemoryLimit` to keep one test file out of its process. */
export const oldJestRepo = clampRepo(
  'oldjestkit',
  'jest',
  '27.5.1',
  { 'jest.config.js': jestConfig },
  jestTests,
);

/**
 * jest 19 (jasmine 2), which reads no jest.config.js: no `--ci`, sets the global expect twice in every
 * test context, and picks in-band runs inside TestRunner.
 */
export const jest19Repo = clampRepo('jest19kit', 'jest', '19.0.2', {}, jestTests);

export const mochaRepo = clampRepo('mochakit', 'mocha', '10.8.2', { '.mocharc.json': mochaConfig }, (f2p) =>
  clampTestFile(
    "const assert = require('node:assert');\n",
    (actual, expected) => `assert.strictEqual(${actual}, ${expected})`,
    f2p,
  ),
);

/** Asserts with chai's deep equality both plainly and through chai-as-promised's `eventually`. */
const chaiCheck = (actual: string, expected: string) =>
  `expect({ value: ${actual} }).to.deep.equal({ value: ${expected} });\n    return expect(Promise.resolve(${actual})).to.eventually.deep.equal(${expected})`;

/** mocha 10 with chai 4 (CommonJS), chai-as-promised installed by a setup file the .mocharc requires. */
export const chai4Repo = clampRepo(
  'chaikit',
  'mocha',
  '10.8.2',
  {
    '.mocharc.json': '{ "timeout": 10000, "require": ["test/setup.js"] }\n',
    'test/setup.js': "const chai = require('chai');\n\nchai.use(require('chai-as-promised'));\n",
  },
  (f2p) => clampTestFile("const { expect } = require('chai');\n", chaiCheck, f2p),
  { dependencies: { chai: '4.5.0', 'chai-as-promised': '7.1.2' } },
);

/** mocha 11 with chai 5 (ES modules only), chai-as-promised installed by the test file itself. */
export const chai5Repo = clampRepo(
  'chai5kit',
  'mocha',
  '11.8.0',
  { '.mocharc.json': mochaConfig },
  (f2p) =>
    clampTestFile(
      "import * as chai from 'chai';\nimport chaiAsPromised from 'chai-as-promised';\n",
      chaiCheck,
      f2p,
      "import { clamp } from '../src/clamp.js';\n\nchai.use(chaiAsPromised);\nconst { expect } = chai;\n",
    ),
  { dependencies: { chai: '5.3.3', 'chai-as-promised': '8.0.2' }, file: 'test/clamp.test.mjs' },
);

/**
 * Builds the jest (29, 27 and 19) and mocha (node:assert, chai 4, chai 5) repositories under `outDir`;
 * their instances end in `jestkit-1`, `oldjestkit-1`, `jest19kit-1`, `mochakit-1`, `chaikit-1`, `chai5kit-1`.
 */
export async function buildJsRepos(
  outDir: string,
): Promise<{ repos: { repo: string; path: string }[]; instances: TaskInstance[] }> {
  await mkdir(outDir, { recursive: true });
  const built = [];
  for (const repo of [jestRepo, oldJestRepo, jest19Repo, mochaRepo, chai4Repo, chai5Repo])
    built.push(await buildExampleRepo(repo, outDir));
  return {
    repos: built.map(({ repo, path }) => ({ repo, path })),
    instances: built.flatMap((b) => b.instances),
  };
}
