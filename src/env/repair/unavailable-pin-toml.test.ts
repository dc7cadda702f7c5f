import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import type { EnvSpec } from '../../schema/env.js';
import { checkoutFiles } from '../checkout-files.js';
import { unavailablePin } from './unavailable-pin.js';

/** tenacity's shape: dev tools in an extra and a dependency group, and poe tasks whose values are their names. */
const PYPROJECT = `[project]
name = "retrycalc"
version = "0.1.0"

[project.optional-dependencies]
doc = [
    "reno",
    "sphinx",
]
test = ["pytest", "tornado>=6.0"]

[dependency-groups]
dev = [
    "poethepoet",
    "pytest",
    "ruff",
    "mypy",
    "reno"
]
inline = ["mypy>=1.0; python_version >= '3.10'", "trio", 'reno']

[tool.poe.tasks]
mypy = "mypy"
reno = "reno"
lint = { cmd = "ruff check ." }

[tool.mypy]
files = ["retrycalc", "tests"]
`;

const spec: EnvSpec = {
  language: 'python',
  runtime_version: '',
  manifest_files: ['pyproject.toml'],
  manifest_digest: '0'.repeat(64),
  install: [
    'python3 -m venv venv',
    'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" poethepoet ruff mypy reno pytest',
  ],
  test_cmd: 'python -m pytest {tests}',
  log_parser: 'pytest',
  env: {},
};

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-repair-pin-toml-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the unavailable-pin rule's drop in pyproject.toml", () => {
  it('removes array elements only, and leaves valid TOML (tenacity: `mypy = "mypy"` lost its value)', async () => {
    const checkout = join(root, 'checkout');
    await mkdir(checkout, { recursive: true });
    await writeFile(join(checkout, 'pyproject.toml'), PYPROJECT);
    const log = 'ERROR: No matching distribution found for reno';
    const files = checkoutFiles(checkout);
    const failure = { phase: 'build' as const, spec, log, files };
    const match = await unavailablePin.match(failure);
    const edited = match && (await unavailablePin.edit(spec, match, failure));
    expect(edited?.install.at(-1)).toBe('venv/bin/python -m pip install "$LF_SNAPSHOT[test]" pytest');
    const seds = (edited?.install ?? []).filter((line) => line.startsWith('sed '));
    expect(seds).toHaveLength(5);
    await promisify(execFile)('bash', ['-c', seds.join('\n')], {
      env: { ...process.env, LF_SNAPSHOT: checkout },
    });

    const pyproject = parseToml(await readFile(join(checkout, 'pyproject.toml'), 'utf8'));
    expect(pyproject).toEqual({
      project: {
        name: 'retrycalc',
        version: '0.1.0',
        'optional-dependencies': { doc: [], test: ['pytest', 'tornado>=6.0'] },
      },
      'dependency-groups': { dev: ['pytest'], inline: ['trio'] },
      tool: {
        poe: { tasks: { mypy: 'mypy', reno: 'reno', lint: { cmd: 'ruff check .' } } },
        mypy: { files: ['retrycalc', 'tests'] },
      },
    });
  });

  it('drops a pinned requirement with no release at all in the index at once, instead of relaxing it first', async () => {
    const checkout = join(root, 'norelease');
    await mkdir(join(checkout, 'tests'), { recursive: true });
    await writeFile(join(checkout, 'requirements-dev.txt'), 'pytest\npytest-randomly>=3.16\n');
    await writeFile(join(checkout, 'tests/test_add.py'), 'def test_add():\n    assert 1 + 1 == 2\n');
    const withFile = {
      ...spec,
      install: ['python3 -m venv venv', 'venv/bin/python -m pip install -r requirements-dev.txt'],
    };
    const line = 'ERROR: Could not find a version that satisfies the requirement pytest-randomly>=3.16';
    const failure = { phase: 'build' as const, spec: withFile, files: checkoutFiles(checkout) };
    const edit = async (versions: string) => {
      const log = `${line} (from versions: ${versions})\nERROR: No matching distribution found for pytest-randomly>=3.16`;
      const match = await unavailablePin.match({ ...failure, log });
      return match && (await unavailablePin.edit(withFile, match, { ...failure, log }))?.install[1];
    };
    expect(await edit('none')).toBe(
      "sed -i -E '/^pytest[-_.]+randomly([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
    );
    expect(await edit('3.0.0')).toBe(
      "sed -i -E 's/^(pytest[-_.]+randomly(\\[[^]]*\\])?)[[:space:]]*[<>=!~][^;#]*/\\1 /I' requirements-dev.txt",
    );
  });
});
