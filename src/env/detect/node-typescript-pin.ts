import { execa } from 'execa';

/**
 * When each TypeScript minor came out. TypeScript breaks compiler APIs between minors, so a project
 * without a lockfile whose `^4.0.0` now resolves to a minor newer than the commit may not build: at
 * yargs-parser's 2022 commits, 4.9 fails in rollup-plugin-ts with `Debug Failure. Unhandled SyntaxKind`.
 */
const MINORS: [string, string][] = [
  ['2.0', '2016-09-22'],
  ['2.1', '2016-12-07'],
  ['2.2', '2017-02-22'],
  ['2.3', '2017-04-27'],
  ['2.4', '2017-06-27'],
  ['2.5', '2017-08-31'],
  ['2.6', '2017-10-31'],
  ['2.7', '2018-01-31'],
  ['2.8', '2018-03-27'],
  ['2.9', '2018-05-31'],
  ['3.0', '2018-07-30'],
  ['3.1', '2018-09-27'],
  ['3.2', '2018-11-29'],
  ['3.3', '2019-01-31'],
  ['3.4', '2019-03-29'],
  ['3.5', '2019-05-29'],
  ['3.6', '2019-08-28'],
  ['3.7', '2019-11-05'],
  ['3.8', '2020-02-20'],
  ['3.9', '2020-05-12'],
  ['4.0', '2020-08-20'],
  ['4.1', '2020-11-19'],
  ['4.2', '2021-02-25'],
  ['4.3', '2021-05-26'],
  ['4.4', '2021-08-26'],
  ['4.5', '2021-11-17'],
  ['4.6', '2022-02-28'],
  ['4.7', '2022-05-24'],
  ['4.8', '2022-08-25'],
  ['4.9', '2022-11-15'],
  ['5.0', '2023-03-16'],
  ['5.1', '2023-06-01'],
  ['5.2', '2023-08-24'],
  ['5.3', '2023-11-20'],
  ['5.4', '2024-03-06'],
  ['5.5', '2024-06-20'],
  ['5.6', '2024-09-09'],
  ['5.7', '2024-11-22'],
  ['5.8', '2025-02-28'],
  ['5.9', '2025-08-01'],
];

/**
 * The `~major.minor.0` a caret range (`^4.0.0`) resolved to at `date`: the newest minor of its major out
 * by then. Undefined for other ranges, a date after the last minor listed (a newer one may be out), or a
 * range that starts after that minor.
 */
export function typescriptAt(range: string, date: string): string | undefined {
  const match = /^\^\s*(\d+)\.(\d+)/.exec(range.trim());
  const last = MINORS[MINORS.length - 1];
  if (!match || last === undefined || date.slice(0, 10) > last[1]) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const out = MINORS.filter(([version, released]) => version.startsWith(`${major}.`) && released <= date);
  const newest = out[out.length - 1]?.[0];
  if (newest === undefined || Number(newest.split('.')[1]) < minor) return undefined;
  return `~${newest}.0`;
}

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * For a project without a lockfile: the step that narrows the copied package.json's TypeScript range to
 * the minor out when the checked-out commit was made, so the install resolves what the project built
 * with; undefined when the range is no caret range or the checkout's commit date is unknown.
 */
export async function typescriptPin(repoDir: string, pkg: Manifest): Promise<string | undefined> {
  const field = pkg.devDependencies?.typescript ? 'devDependencies' : 'dependencies';
  const range = pkg[field]?.typescript;
  if (range === undefined) return undefined;
  const date = await execa('git', ['log', '-1', '--format=%cI', 'HEAD'], { cwd: repoDir, reject: false });
  if (date.exitCode !== 0 || date.stdout.trim() === '') return undefined;
  const pinned = typescriptAt(range, new Date(date.stdout.trim()).toISOString());
  return pinned === undefined ? undefined : `npm pkg set ${field}.typescript=${pinned}`;
}
