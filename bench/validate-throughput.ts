import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildExamples } from '../src/examples/build.js';
import { chooseSandbox } from '../src/quickstart.js';
import type { ProviderName } from '../src/sandbox/index.js';
import { benchValidateRealRepo, formatValidateRealRepo } from './validate-real.js';
import { minedValidator } from './validate-runs.js';

/** What the validation benchmark measured on the example repositories. */
export interface ValidateThroughputFigures {
  sandbox: ProviderName;
  workers: number;
  runs: number;
  candidates: number;
  instances: number;
  /** Validation plus the gate, with environments already built. */
  wallMs: number;
  instancesPerHour: number;
  /** Per-candidate validation time summed over candidates, and the part inside test commands. */
  itemMs: number;
  testMs: number;
  /** The first run, which also builds the environments. */
  coldWallMs: number;
}

/**
 * Mines the example repositories and validates their candidates with `workers` workers, once to build
 * the environments and once more, timed, with them built.
 */
export async function benchValidateThroughput(
  choice: ProviderName | 'auto' = 'auto',
  workers = 2,
  runs = 3,
): Promise<ValidateThroughputFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-validate-'));
  try {
    const sandbox = (await chooseSandbox(choice)).name;
    const examples = await buildExamples(join(root, 'examples'));
    const repos = Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
    const { mined, validate } = await minedValidator(root, repos, { sandbox, workers, runs });
    const [coldWallMs] = await validate('cold');
    const [wallMs, warm] = await validate('warm');
    return {
      sandbox,
      workers,
      runs,
      candidates: mined.candidates.length,
      instances: warm.instances.length,
      wallMs,
      instancesPerHour: (warm.instances.length / wallMs) * 3_600_000,
      itemMs: warm.ledger.item_ms,
      testMs: warm.ledger.test_ms,
      coldWallMs,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The figures as one block of text. */
export function formatValidateThroughput(f: ValidateThroughputFigures): string {
  const outside = (1 - f.testMs / f.itemMs) * 100;
  return [
    `validate-throughput: ${f.candidates} candidates from the example repositories, ${f.runs} NOP + ${f.runs} Oracle runs each, ` +
      `--workers ${f.workers}, ${f.sandbox} sandbox`,
    `validate-throughput: ${f.instances} instances in ${(f.wallMs / 1000).toFixed(1)} s with environments built = ` +
      `${f.instancesPerHour.toFixed(0)} instances/hour (first run, building environments not yet cached: ${(f.coldWallMs / 1000).toFixed(1)} s)`,
    `validate-throughput: ${(f.itemMs / 1000).toFixed(1)} s per-candidate time in all, ${(f.testMs / 1000).toFixed(1)} s ` +
      `inside test commands: ${outside.toFixed(0)}% outside them`,
  ].join('\n');
}

/** `[docker|local|auto] [workers] [--repo owner/name=PATH --commits N] [--runs N] [--verdicts FILE]`. */
async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      commits: { type: 'string', default: '100' },
      runs: { type: 'string', default: '3' },
      verdicts: { type: 'string' },
    },
  });
  const sandbox = (positionals[0] ?? 'auto') as ProviderName | 'auto';
  const [workers, runs] = [Number(positionals[1] ?? 2), Number(values.runs)];
  if (values.repo === undefined)
    return formatValidateThroughput(await benchValidateThroughput(sandbox, workers, runs));
  const [repo, source] = values.repo.split('=', 2);
  if (!repo || !source) throw new Error(`--repo takes owner/name=PATH, not ${values.repo}`);
  const figures = await benchValidateRealRepo({
    repo,
    source,
    commits: Number(values.commits),
    sandbox,
    workers,
    runs,
    ...(values.verdicts ? { verdictsPath: values.verdicts } : {}),
  });
  return formatValidateRealRepo(figures);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await main(process.argv.slice(2)));
}
