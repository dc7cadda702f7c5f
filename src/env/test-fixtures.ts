import { hostPipIndexes, type PipOptions } from './pip-options.js';

/** A tiny src-layout Python package with one passing pytest test; `salt` makes its manifest unique. */
export function tinyPythonRepo(salt: string): Record<string, string> {
  return {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      'name = "tinycalc"',
      'version = "0.1.0"',
      '',
      '[project.optional-dependencies]',
      'test = ["pytest"]',
      `# ${salt}`,
      '',
    ].join('\n'),
    'src/tinycalc/__init__.py': 'def add(a, b):\n    return a + b\n',
    'tests/test_calc.py': 'from tinycalc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
  };
}

/** A tiny package tested with mocha (no lockfile, so `npm install`); `salt` makes its manifest unique. */
export function tinyMochaRepo(salt: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'tinycalc',
      version: '1.0.0',
      description: salt,
      scripts: { test: 'mocha', postinstall: 'node scripts/not-in-the-deps-dir.js' },
      devDependencies: { mocha: '11.7.1' },
    }),
    'index.js': 'exports.add = (a, b) => a + b;\n',
    'test/add.test.js':
      "const assert = require('node:assert');\nconst { add } = require('..');\n" +
      "it('adds', () => assert.strictEqual(add(2, 3), 5));\n",
  };
}

/** The host's pip indexes without retries, so an unreachable default index fails fast in tests. */
export async function testPipOptions(): Promise<PipOptions> {
  return { ...(await hostPipIndexes()), retries: 0 };
}
