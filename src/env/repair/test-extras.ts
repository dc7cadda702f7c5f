import { parse as parseToml } from 'smol-toml';
import { iniKeys, iniValue } from '../detect/ini.js';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { distributionOf } from './missing-module.js';
import { isPipInstall, normalizeName, requirementName } from './pip-edit.js';
import type { CheckoutFiles, RepairRule } from './rule.js';

const MISSING = /(?:ModuleNotFoundError|ImportError): No module named '?([\w.]+)'?/;
/** Extras that hold test dependencies under a name detection does not take (it takes test, tests, testing, dev). */
const TEST_LOOKING =
  /^(tests?|testing|test[-_].*|.*[-_]tests?|check|checks|ci|full|all|dev|develop|devel|qa)$/i;
const SNAPSHOT = new RegExp(`"\\$${SNAPSHOT_VAR}(?:\\[([^\\]]*)\\])?"`);

type Extras = Map<string, string[]>;

/** Each extra the project declares, with its requirements: pyproject.toml, setup.cfg, setup.py. */
async function declaredExtras(files: CheckoutFiles): Promise<Extras> {
  const extras: Extras = new Map();
  const pyproject = await files.read('pyproject.toml');
  if (pyproject !== undefined) {
    try {
      const project = (parseToml(pyproject) as { project?: { 'optional-dependencies'?: unknown } }).project;
      const optional = (project?.['optional-dependencies'] ?? {}) as Record<string, unknown>;
      for (const [name, requirements] of Object.entries(optional))
        extras.set(name, Array.isArray(requirements) ? requirements.map(String) : []);
    } catch {
      // an unreadable pyproject.toml was reported at detection
    }
  }
  const setupCfg = (await files.read('setup.cfg')) ?? '';
  for (const name of iniKeys(setupCfg, 'options.extras_require'))
    extras.set(name, iniValue(setupCfg, 'options.extras_require', name));
  const setupPy = (await files.read('setup.py')) ?? '';
  const block = /extras_require\s*=\s*\{([\s\S]*?)\}/.exec(setupPy)?.[1] ?? '';
  for (const [, name, body] of block.matchAll(/['"]([\w.-]+)['"]\s*:\s*\[([^\]]*)\]/g))
    extras.set(
      name ?? '',
      [...(body ?? '').matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1] ?? ''),
    );
  return extras;
}

/**
 * A module the tests import is missing, and an extra the project declares but detection did not install
 * (its name is not test/tests/testing/dev) provides it: install the test-looking extras (ci, check,
 * full, test-all...) when one of them declares it, otherwise all the extras.
 */
export const testExtras: RepairRule = {
  summary:
    'a test dependency declared in an extra detection did not install: add the test-looking extras, then all',
  phases: ['check'],
  match({ log }) {
    for (const line of log.split('\n')) {
      const module = MISSING.exec(line)?.[1]?.split('.')[0];
      if (module) return { line: line.trim(), subject: module };
    }
    return undefined;
  },
  async edit(spec, { subject }, { files }) {
    const at = spec.install.findIndex((line) => isPipInstall(line) && SNAPSHOT.test(line));
    const line = spec.install[at];
    if (line === undefined) return undefined;
    const installed = new Set((SNAPSHOT.exec(line)?.[1] ?? '').split(',').filter(Boolean));
    const extras = await declaredExtras(files);
    const wanted = new Set([subject, distributionOf(subject)].map(normalizeName));
    const providers = [...extras]
      .filter(
        ([name, requirements]) =>
          !installed.has(name) && requirements.some((r) => wanted.has(normalizeName(requirementName(r)))),
      )
      .map(([name]) => name);
    if (providers.length === 0) return undefined;
    const testLooking = [...extras.keys()].filter((name) => !installed.has(name) && TEST_LOOKING.test(name));
    const added = providers.some((name) => testLooking.includes(name))
      ? testLooking
      : [...extras.keys()].filter((name) => !installed.has(name));
    const all = [...installed, ...added].join(',');
    const install = [...spec.install];
    install[at] = line.replace(SNAPSHOT, `"$${SNAPSHOT_VAR}[${all}]"`);
    return { ...spec, install };
  },
};
