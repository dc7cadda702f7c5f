import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExamples } from '../src/examples/build.js';
import { formatTable } from '../src/format-table.js';
import { synthesize } from '../src/blocks/swegen/synth/run-synth.js';
import { hostPipIndexes } from '../src/env/pip-options.js';
import { chooseSandbox } from '../src/quickstart.js';
import type { ProviderName } from '../src/sandbox/index.js';

/** Per transform: bugs made, bugs that broke a test, validated instances. */
export interface TransformYield {
  transform: string;
  candidates: number;
  broke: number;
  valid: number;
}

export interface SynthYieldFigures {
  sandbox: ProviderName;
  runs: number;
  transforms: TransformYield[];
  wallMs: number;
}

/**
 * Every procedural bug of the example repositories (all gated sites), probed and validated: the share
 * that becomes an instance, per transform.
 */
export async function benchSynthYield(
  choice: ProviderName | 'auto' = 'auto',
  runs = 3,
  workers = 2,
): Promise<SynthYieldFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-synth-yield-'));
  try {
    const sandbox = (await chooseSandbox(choice)).name;
    const examples = await buildExamples(join(root, 'examples'));
    const repos = Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
    const started = performance.now();
    const result = await synthesize({
      repos,
      outPath: join(root, 'candidates.jsonl'),
      runDir: join(root, 'run'),
      strategies: ['procedural'],
      max: 1000,
      seed: 0,
      sandbox,
      timeoutMs: 600_000,
      tasks: {
        cacheDir: join(root, 'cache'),
        repos,
        envOverrides: {},
        runId: 'bench-synth-yield',
        pip: await hostPipIndexes(),
      },
      validate: { runs, outPath: join(root, 'instances.jsonl') },
      workers,
      progress: 'off',
    });
    const kept = new Set(result.probes.filter((p) => p.status === 'kept').map((p) => p.instance_id));
    const valid = new Set(result.validation?.instances.map((i) => i.instance_id));
    const rows = new Map<string, TransformYield>();
    for (const bug of result.bugs) {
      const row = rows.get(bug.transform) ?? { transform: bug.transform, candidates: 0, broke: 0, valid: 0 };
      row.candidates += 1;
      if (kept.has(bug.instance_id)) row.broke += 1;
      if (valid.has(bug.instance_id)) row.valid += 1;
      rows.set(bug.transform, row);
    }
    return { sandbox, runs, transforms: [...rows.values()], wallMs: performance.now() - started };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const share = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`);

/** The figures as a per-transform table and the overall yield. */
export function formatSynthYield(f: SynthYieldFigures): string {
  const total = f.transforms.reduce(
    (sum, row) => ({
      candidates: sum.candidates + row.candidates,
      broke: sum.broke + row.broke,
      valid: sum.valid + row.valid,
    }),
    { candidates: 0, broke: 0, valid: 0 },
  );
  const table = [['transform', 'candidates', 'broke a test', 'valid', 'yield']];
  for (const row of [...f.transforms, { transform: 'all', ...total }])
    table.push([
      row.transform,
      `${row.candidates}`,
      `${row.broke}`,
      `${row.valid}`,
      share(row.valid, row.candidates),
    ]);
  return [
    formatTable(table),
    `synth-yield: ${total.valid} of ${total.candidates} procedural candidates validate (${share(total.valid, total.candidates)}; ` +
      `SWE-smith reports ~40% for its procedural bugs), ${f.runs} NOP + ${f.runs} Oracle runs, ${f.sandbox} sandbox, ` +
      `${(f.wallMs / 1000).toFixed(0)} s`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const choice = (process.argv[2] ?? 'auto') as ProviderName | 'auto';
  console.log(formatSynthYield(await benchSynthYield(choice, Number(process.argv[3] ?? 3))));
}
