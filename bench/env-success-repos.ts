import { git } from '../src/repos/git.js';

/** A real public repository the env-success bench measures, and the shape it stands for. */
export interface BenchRepo {
  repo: string;
  language: 'python' | 'js';
  shape: string;
}

/**
 * Repositories of different shapes. Chosen for their shape, not for passing: none needs a service or the
 * network in its tests, and each is brought with the search tool's `fetch` (`<mirrors>/<owner>+<name>/repo`).
 */
export const benchRepos: BenchRepo[] = [
  { repo: 'pallets/flask', language: 'python', shape: 'flit_core backend, tox' },
  { repo: 'tkem/cachetools', language: 'python', shape: 'src-layout, setuptools, tox' },
  { repo: 'more-itertools/more-itertools', language: 'python', shape: 'flit_core backend, unittest suite' },
  { repo: 'pytest-dev/pluggy', language: 'python', shape: 'src-layout, setuptools-scm, tox' },
  { repo: 'pytest-dev/iniconfig', language: 'python', shape: 'hatch-vcs' },
  { repo: 'pytest-dev/pytest-mock', language: 'python', shape: 'pytest plugin, src-layout, setuptools-scm' },
  { repo: 'pytest-dev/pytest-timeout', language: 'python', shape: 'pytest plugin, setup.cfg, tox' },
  { repo: 'tox-dev/filelock', language: 'python', shape: 'hatch-vcs, src-layout, tox' },
  { repo: 'tox-dev/platformdirs', language: 'python', shape: 'hatch-vcs, src-layout' },
  { repo: 'python-attrs/attrs', language: 'python', shape: 'hatch-vcs, extras-driven test deps' },
  { repo: 'pytoolz/toolz', language: 'python', shape: 'versioneer / setuptools-git-versioning' },
  { repo: 'python-poetry/tomlkit', language: 'python', shape: 'poetry-core backend' },
  { repo: 'jd/tenacity', language: 'python', shape: 'setuptools-scm (pbr earlier), extras' },
  { repo: 'python/typing_extensions', language: 'python', shape: 'flit_core, src-layout, unittest' },
  { repo: 'hukkin/tomli', language: 'python', shape: 'flit_core, src-layout' },
  {
    repo: 'microsoft/lsprotocol',
    language: 'python',
    shape: 'monorepo: the package in packages/python, nox',
  },
  { repo: 'vercel/ms', language: 'js', shape: 'pnpm lockfile, jest' },
  { repo: 'antfu/utils', language: 'js', shape: 'pnpm lockfile, vitest, TypeScript' },
  { repo: 'yargs/yargs-parser', language: 'js', shape: 'npm, mocha, TypeScript build' },
  { repo: 'expressjs/express', language: 'js', shape: 'npm, mocha' },
  { repo: 'tj/commander.js', language: 'js', shape: 'npm lockfile, jest' },
  { repo: 'unjs/ufo', language: 'js', shape: 'pnpm lockfile, vitest' },
  { repo: 'facebook/prop-types', language: 'js', shape: 'yarn lockfile, jest' },
];

/** Where `fetch` puts a repository's mirror. */
export function mirrorOf(mirrors: string, repo: string): string {
  return `${mirrors}/${repo.replace('/', '+')}/repo`;
}

const MONTH_S = 30 * 24 * 3600;

/**
 * The commits measured, by rule rather than by hand: HEAD, and for k = 1..`older` the newest first-parent
 * commit at least k × `stepMonths` months older than HEAD (the oldest commit when history is shorter). A
 * commit already chosen gives way to its next older first-parent commit, so there are `older` + 1 distinct
 * commits whenever history has them.
 */
export async function pickCommits(mirror: string, older = 3, stepMonths = 6): Promise<string[]> {
  const rows = (await git(mirror, ['log', '--first-parent', '--format=%H %ct', 'HEAD']))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
  const shas = rows.map(([sha]) => sha!);
  const times = rows.map(([, time]) => Number(time));
  const chosen = [0];
  for (let k = 1; k <= older; k++) {
    const before = times[0]! - k * stepMonths * MONTH_S;
    let index = times.findIndex((time) => time <= before);
    if (index < 0) index = shas.length - 1;
    while (chosen.includes(index) && index < shas.length - 1) index++;
    if (!chosen.includes(index)) chosen.push(index);
  }
  return chosen.map((index) => shas[index]!);
}
