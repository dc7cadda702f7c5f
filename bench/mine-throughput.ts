import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { mineRepos } from '../src/blocks/swegen/mine/run-mine.js';
import { ensureMirror } from '../src/repos/mirror.js';
import { median } from './median.js';
import { mulberry32 } from '../src/random.js';

/** What the mining benchmark measured: medians in milliseconds over `rounds` rounds. */
export interface MineThroughputFigures {
  commits: number;
  candidates: number;
  rounds: number;
  rawGitMs: number;
  mineMs: number;
  ratio: number;
  /** The first mining run, which also clones the repository's mirror. */
  coldMineMs: number;
}

function initialFiles(): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const body = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name} line ${i}`);
  files.set('pyproject.toml', ['[project]', 'name = "bench"', 'version = "0.1.0"']);
  files.set('README.md', body('readme', 20));
  for (let i = 0; i < 60; i += 1) files.set(`src/bench/mod${i}.py`, body(`def f${i}():  #`, 120));
  for (let i = 0; i < 30; i += 1) files.set(`tests/test_mod${i}.py`, body(`def test_${i}():  #`, 80));
  for (let i = 0; i < 10; i += 1) files.set(`docs/page${i}.md`, body(`doc ${i}`, 40));
  return files;
}

/** The paths one commit edits: a quarter of commits touch source and tests, the rest one kind of file. */
function pickPaths(rand: () => number, n: number): string[] {
  const pick = (prefix: string, count: number, suffix: string) =>
    `${prefix}${Math.floor(rand() * count)}${suffix}`;
  const src = () => pick('src/bench/mod', 60, '.py');
  const test = () => pick('tests/test_mod', 30, '.py');
  const kind = rand();
  if (kind < 0.25) return [src(), test(), ...(rand() < 0.3 ? [src()] : [])];
  if (kind < 0.7) return [src(), ...(rand() < 0.4 ? [src()] : [])];
  if (kind < 0.85) return [test()];
  if (kind < 0.95) return [pick('docs/page', 10, '.md')];
  return n % 400 === 0 ? ['pyproject.toml'] : ['README.md'];
}

function edit(lines: string[], rand: () => number, n: number): void {
  for (let k = 0; k < 1 + Math.floor(rand() * 4); k += 1) {
    const at = Math.floor(rand() * lines.length);
    if (rand() < 0.5) lines[at] = `${lines[at]} edited ${n}`;
    else lines.splice(at, 0, `added in ${n}`);
  }
}

function blob(path: string, lines: string[]): string {
  const content = `${lines.join('\n')}\n`;
  return `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
}

function commitHeader(ref: string, mark: number, n: number, message: string): string {
  const stamp = 1_700_000_000 + n * 600;
  return `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@legofactory.invalid> ${stamp} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
}

/**
 * A fast-import stream of `count` first-parent changes on main: edits to 100 files, with every 50th
 * change a merge of a one-commit side branch (as a pull request would be).
 */
function historyStream(count: number): string {
  const rand = mulberry32(42);
  const files = initialFiles();
  const parts = [commitHeader('refs/heads/main', 1, 0, 'initial'), ...[...files].map(([p, l]) => blob(p, l))];
  let mark = 1;
  for (let n = 1; n < count; n += 1) {
    const paths = pickPaths(rand, n);
    for (const path of paths) {
      if (path === 'pyproject.toml') files.get(path)![2] = `version = "0.${n}.0"`;
      else edit(files.get(path)!, rand, n);
    }
    const edits = paths.map((path) => blob(path, files.get(path)!)).join('');
    if (n % 50 === 0) {
      parts.push(`${commitHeader('refs/heads/side', mark + 1, n, `side ${n}`)}from :${mark}\n${edits}`);
      parts.push(
        `${commitHeader('refs/heads/main', mark + 2, n, `Merge pull request #${n} from x/side\n\nChange ${n}`)}from :${mark}\nmerge :${mark + 1}\n${edits}`,
      );
      mark += 2;
    } else {
      parts.push(
        `${commitHeader('refs/heads/main', mark + 1, n, `Change ${n}\n\nEdits ${paths.join(', ')}.`)}${edits}`,
      );
      mark += 1;
    }
  }
  return parts.join('');
}

/** Generates the benchmark repository (bare) at `dir` with `count` first-parent changes. */
export async function generateHistory(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await execa('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  await execa('git', ['fast-import', '--quiet'], { cwd: dir, input: historyStream(count) });
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * Mines a generated repository of `commits` first-parent changes and times it against a raw
 * `git log --first-parent --numstat` over the same range, interleaved so load drift hits both alike.
 */
export async function benchMineThroughput(commits = 5000, rounds = 5): Promise<MineThroughputFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-mine-'));
  try {
    const source = join(root, 'source.git');
    await generateHistory(source, commits);
    const cacheDir = join(root, 'cache');
    let candidates = 0;
    const mine = (n: number) => async () => {
      const result = await mineRepos({
        repos: { 'bench/history': source },
        outPath: join(root, `candidates-${n}.jsonl`),
        runDir: join(root, `run-${n}`),
        cacheDir,
        progress: 'off',
      });
      candidates = result.candidates.length;
    };
    const coldMineMs = await timed(mine(0));
    const mirror = await ensureMirror('bench/history', source, cacheDir);
    const raw = () =>
      execa('git', ['log', '--first-parent', '--numstat', 'HEAD'], { cwd: mirror, maxBuffer: 1e9 });
    const rawTimes: number[] = [];
    const mineTimes: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      rawTimes.push(await timed(raw));
      mineTimes.push(await timed(mine(round)));
    }
    const [rawGitMs, mineMs] = [median(rawTimes), median(mineTimes)];
    return { commits, candidates, rounds, rawGitMs, mineMs, ratio: mineMs / rawGitMs, coldMineMs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The figures as one block of text. */
export function formatMineThroughput(f: MineThroughputFigures): string {
  const verdict = f.ratio <= 2 ? 'ok' : 'MISSED';
  return [
    `mine-throughput: ${f.commits} first-parent changes, ${f.candidates} candidates, median of ${f.rounds} rounds`,
    `mine-throughput: swegen mine ${f.mineMs.toFixed(0)} ms vs raw git log --numstat ${f.rawGitMs.toFixed(0)} ms = ` +
      `${f.ratio.toFixed(2)}x (goal <= 2x) ${verdict}`,
    `mine-throughput: first run, cloning the mirror too: ${f.coldMineMs.toFixed(0)} ms`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const commits = Number(process.argv[2] ?? 5000);
  console.log(formatMineThroughput(await benchMineThroughput(commits)));
}
