import { EnvSpec } from '../../schema/env.js';
import type { Detection } from './detection.js';
import { projectPytest, type ProjectPytest } from './python-test-command.js';
import { wantedPython } from './python-version.js';
import { shellQuote } from '../shell.js';
import { SNAPSHOT_VAR } from '../snapshot.js';
import { withDefaultTests } from './default-tests.js';
import { unhashRequirementFiles } from './hashed-requirements.js';
import { toxDeps } from './ini.js';
import { manifestDigest, readIfExists, rootEntries } from './manifest.js';
import { versionFileWrites } from './version-file.js';
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

async function pipTargets(
  repoDir: string,
  files: string[],
  installs: ProjectPytest['installs'] | undefined,
): Promise<PipTargets> {
  const pyproject = await readPyproject(repoDir);
  const setupPy = await readIfExists(repoDir, 'setup.py');
  const setupCfg = (await readIfExists(repoDir, 'setup.cfg')) ?? '';
  const tox = toxDeps((await readIfExists(repoDir, 'tox.ini')) ?? '');
  const buildable = setupPy !== undefined || (pyproject !== undefined && pyprojectIsBuildable(pyproject));
  const extras = new Set([
    ...(pyproject ? pyprojectExtras(pyproject) : []),
    ...setupCfgExtras(setupCfg),
    ...setupPyExtras(setupPy ?? ''),
    ...tox.extras,
    ...(installs?.extras ?? []),
  ]);
  const listed = files.filter((file) => REQUIREMENTS_FILE.test(file));
  return {
    package: buildable ? [...extras] : undefined,
    requirementFiles: [
      ...new Set([
        ...listed.filter((f) => INSTALLED_REQUIREMENTS.test(f)),
        ...tox.requirementFiles,
        ...(installs?.requirementFiles ?? []),
      ]),
    ].filter((file) => listed.includes(file)),
    requirements: [
      ...(pyproject ? pyprojectGroupRequirements(pyproject) : []),
      ...tox.requirements,
      ...(installs?.requirements ?? []),
    ].filter((requirement, i, all) => all.indexOf(requirement) === i && requirement !== 'pytest'),
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

const PYTEST = 'python -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit}';

/** pytest with the project's own options; its selection of tests applies only when the judge names none. */
function testCommand(project: ProjectPytest | undefined): string {
  const options = (project?.args.options ?? []).map(shellQuote);
  const { selection = [], targets = [] } = project?.args ?? {};
  return withDefaultTests([PYTEST, ...options].join(' '), [...selection, ...targets]);
}

function notes(project: ProjectPytest | undefined, runtime?: { version: string; source: string }) {
  const { options = [], selection = [], targets = [] } = project?.args ?? {};
  return [
    project
      ? `test command: pytest options ${JSON.stringify(options)}, selection ${JSON.stringify(selection)} ` +
        `and test paths ${JSON.stringify(targets)} from ${project.source}`
      : 'test command: plain pytest (no tox.ini, noxfile.py, Makefile or workflow runs pytest)',
    ...(runtime ? [`runtime: Python ${runtime.version} from ${runtime.source}`] : []),
  ];
}

/**
 * A pytest environment: the snapshot installed non-editable into `venv`, the working tree first on
 * PYTHONPATH; pytest's options, test paths and variables from where the project keeps its test command.
 */
export async function detectPython(repoDir: string): Promise<Detection | undefined> {
  const root = await rootEntries(repoDir);
  const found = [
    ...PROJECT_FILES.filter((f) => root.files.includes(f)),
    ...root.files.filter((f) => REQUIREMENTS_FILE.test(f)),
  ];
  if (found.length === 0) return undefined;
  const project = await projectPytest(repoDir);
  const files = project?.source.startsWith('noxfile') ? [...found, 'noxfile.py'] : found;
  const targets = await pipTargets(repoDir, files, project?.installs);
  const hasSrc = root.dirs.includes('src');
  const runtime = await wantedPython(repoDir);
  const spec = EnvSpec.parse({
    language: 'python',
    runtime_version: runtime?.version ?? '',
    manifest_files: files,
    manifest_digest: await manifestDigest(repoDir, files),
    install: [
      'python3 -m venv venv',
      ...(await unhashRequirementFiles(repoDir, targets.requirementFiles)),
      pipInstallCommand(targets),
    ],
    test_cmd: [...(await versionFileWrites(repoDir)), testCommand(project)].join('; '),
    log_parser: 'pytest',
    env: {
      ...project?.env,
      PYTHONPATH: hasSrc ? '{repo}:{repo}/src' : '{repo}',
      PYTHONDONTWRITEBYTECODE: '1',
    },
  });
  return { spec, notes: notes(project, runtime) };
}
