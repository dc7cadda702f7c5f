import { EnvSpec } from '../../schema/env.js';
import { shellQuote } from '../shell.js';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { toxDeps } from './ini.js';
import { manifestDigest, readIfExists, rootEntries } from './manifest.js';
import {
  pyprojectExtras,
  pyprojectGroupRequirements,
  pyprojectIsBuildable,
  readPyproject,
  setupCfgExtras,
  setupPyExtras,
} from './python-project.js';

const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'tox.ini'];
const REQUIREMENTS_FILE = /^(requirements.*|(test|tests|dev)[-_]requirements)\.txt$/i;
const INSTALLED_REQUIREMENTS = /^requirements\.txt$|(^|[-_.])(tests?|testing|dev)[-_.]/i;

export const pythonLooksFor = 'pyproject.toml, setup.py, setup.cfg, requirements*.txt, tox.ini';

/** What pip installs: the snapshot (with extras) when it is a package, requirement files, loose requirements. */
interface PipTargets {
  package?: string[];
  requirementFiles: string[];
  requirements: string[];
}

async function pipTargets(repoDir: string, files: string[]): Promise<PipTargets> {
  const pyproject = await readPyproject(repoDir);
  const setupPy = await readIfExists(repoDir, 'setup.py');
  const setupCfg = (await readIfExists(repoDir, 'setup.cfg')) ?? '';
  const tox = toxDeps((await readIfExists(repoDir, 'tox.ini')) ?? '');
  const buildable = setupPy !== undefined || (pyproject !== undefined && pyprojectIsBuildable(pyproject));
  const extras = new Set([
    ...(pyproject ? pyprojectExtras(pyproject) : []),
    ...setupCfgExtras(setupCfg),
    ...setupPyExtras(setupPy ?? ''),
  ]);
  const listed = files.filter((file) => REQUIREMENTS_FILE.test(file));
  return {
    package: buildable ? [...extras] : undefined,
    requirementFiles: [
      ...new Set([...listed.filter((f) => INSTALLED_REQUIREMENTS.test(f)), ...tox.requirementFiles]),
    ].filter((file) => listed.includes(file)),
    requirements: [...(pyproject ? pyprojectGroupRequirements(pyproject) : []), ...tox.requirements],
  };
}

function pipInstallCommand(targets: PipTargets): string {
  const extras = targets.package?.length ? `[${targets.package.join(',')}]` : '';
  const args = [
    ...(targets.package ? [`"$${SNAPSHOT_VAR}${extras}"`] : []),
    ...targets.requirementFiles.flatMap((file) => ['-r', shellQuote(file)]),
    ...targets.requirements.map(shellQuote),
    'pytest',
  ];
  return `venv/bin/python -m pip install ${args.join(' ')}`;
}

/** A pytest environment: the snapshot installed non-editable into `venv`, the working tree first on PYTHONPATH. */
export async function detectPython(repoDir: string): Promise<EnvSpec | undefined> {
  const root = await rootEntries(repoDir);
  const files = [
    ...PROJECT_FILES.filter((f) => root.files.includes(f)),
    ...root.files.filter((f) => REQUIREMENTS_FILE.test(f)),
  ];
  if (files.length === 0) return undefined;
  const targets = await pipTargets(repoDir, files);
  const hasSrc = root.dirs.includes('src');
  return EnvSpec.parse({
    language: 'python',
    manifest_files: files,
    manifest_digest: await manifestDigest(repoDir, files),
    install: ['python3 -m venv venv', pipInstallCommand(targets)],
    test_cmd: 'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}',
    log_parser: 'pytest',
    env: { PYTHONPATH: hasSrc ? '{repo}:{repo}/src' : '{repo}', PYTHONDONTWRITEBYTECODE: '1' },
  });
}
