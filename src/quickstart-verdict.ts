import { quickstartGuarantees, type QuickstartGuarantees } from './examples/guarantees.js';
import type { QuickstartResult } from './quickstart.js';

/** The numbers a quickstart run produced; a stage that did not run is absent. */
export interface QuickstartNumbers {
  interrupted: boolean;
  gold?: { resolved: number; total: number };
  empty?: { resolved: number; total: number };
  historyValidated?: number;
  /** Valid instances per synth strategy. */
  synthValid?: Record<string, number>;
  /** Whether a model was used: then the model-dependent numbers (combine, trajgen) are not checked. */
  model: boolean;
  trajgen?: { policy: 'model' | 'gold'; trajectories: number; resolved: number };
}

export interface QuickstartVerdict {
  ok: boolean;
  /** Each number that differs from what the examples guarantee, as `what got N (expected M)`. */
  mismatches: string[];
  /** The one closing line. */
  line: string;
}

/** The numbers of a (possibly interrupted) quickstart run. */
export function quickstartNumbers(result: QuickstartResult, interrupted: boolean): QuickstartNumbers {
  const [gold, empty] = result.runs.map(({ result: run }) => ({
    resolved: run.summary.resolved_instances,
    total: run.summary.total_instances,
  }));
  const trajgen = result.trajgen;
  return {
    interrupted,
    model: result.model,
    ...(gold ? { gold } : {}),
    ...(empty ? { empty } : {}),
    ...(result.swegen ? { historyValidated: result.swegen.validate.instances.length } : {}),
    ...(result.synth
      ? {
          synthValid: Object.fromEntries(
            (result.synth.ledger.strategies ?? []).map((s) => [s.strategy, s.valid ?? 0]),
          ),
        }
      : {}),
    ...(trajgen
      ? {
          trajgen: {
            policy: trajgen.policy,
            trajectories: trajgen.result.summary.trajectories,
            resolved: trajgen.result.summary.resolved,
          },
        }
      : {}),
  };
}

/** Compares a run's numbers with the examples' guarantees: one verdict line, and each mismatch. */
export function quickstartVerdict(
  numbers: QuickstartNumbers,
  expected: QuickstartGuarantees = quickstartGuarantees,
): QuickstartVerdict {
  const mismatches: string[] = [];
  const check = (what: string, got: string | undefined, want: string) => {
    if (got === undefined) mismatches.push(`${what} did not run (expected ${want})`);
    else if (got !== want) mismatches.push(`${what} ${got} (expected ${want})`);
  };
  const ratio = (n?: { resolved: number; total: number }) => n && `${n.resolved}/${n.total}`;
  const { eval: ev } = expected;
  check('gold resolved', ratio(numbers.gold), `${ev.goldResolved}/${ev.instances}`);
  check('empty resolved', ratio(numbers.empty), `${ev.emptyResolved}/${ev.instances}`);
  check(
    'swegen validated from history',
    numbers.historyValidated?.toString(),
    `${expected.historyValidated}`,
  );
  const strategies = numbers.model ? (['procedural'] as const) : (['procedural', 'combine'] as const);
  for (const strategy of strategies)
    check(
      `synth ${strategy} valid`,
      numbers.synthValid && `${numbers.synthValid[strategy] ?? 0}`,
      `${expected.synthValid[strategy]}`,
    );
  if (!numbers.model || numbers.trajgen?.policy === 'gold') {
    const t = numbers.trajgen;
    const { trajgenGold: want } = expected;
    check(
      'trajgen (gold policy) resolved',
      t && `${t.resolved}/${t.trajectories}`,
      `${want.resolved}/${want.trajectories}`,
    );
  }
  if (numbers.interrupted) mismatches.unshift('interrupted');
  const ok = mismatches.length === 0;
  const line = ok
    ? `quickstart: OK — every number matches what the examples guarantee${numbers.model ? ' (the model-dependent ones are not checked)' : ''}`
    : `quickstart: FAILED — ${mismatches.join(', ')}`;
  return { ok, mismatches, line };
}

/** The numbers on one line, as the quickstart prints them before its verdict. */
export function formatQuickstartNumbers(n: QuickstartNumbers): string {
  const parts = [
    n.gold && `gold resolved ${n.gold.resolved}/${n.gold.total}`,
    n.empty && `empty resolved ${n.empty.resolved}/${n.empty.total}`,
    n.historyValidated !== undefined && `swegen validated ${n.historyValidated} instances from history`,
    n.synthValid &&
      `synth valid ${Object.entries(n.synthValid)
        .map(([strategy, valid]) => `${strategy} ${valid}`)
        .join(', ')}`,
    n.trajgen &&
      `trajgen (${n.trajgen.policy} policy) resolved ${n.trajgen.resolved}/${n.trajgen.trajectories}`,
  ];
  return parts.filter(Boolean).join('; ');
}
