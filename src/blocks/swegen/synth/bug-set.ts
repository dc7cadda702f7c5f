import { createHash } from 'node:crypto';
import type { ModelUsage, SynthBug, SynthResult, SynthStrategy } from '../../../schema/synth.js';
import { addUsage, noUsage } from './lm/model.js';

/** The bugs of one generation run: deduplicated by diff hash, with rejections and usage per strategy. */
export class BugSet {
  readonly bugs: SynthBug[] = [];
  private readonly hashes = new Set<string>();
  private readonly rejections = new Map<string, number>();
  readonly usage: Partial<Record<SynthStrategy, ModelUsage>> = {};

  /** Keeps a bug unless an earlier one has the same diff (then it is rejected as a duplicate). */
  add(bug: SynthBug | null, strategy: SynthStrategy): void {
    if (bug === null) return this.reject(strategy, 'unchanged');
    const hash = createHash('sha256').update(bug.bug_diff).digest('hex');
    if (this.hashes.has(hash)) return this.reject(strategy, 'duplicate');
    this.hashes.add(hash);
    this.bugs.push(bug);
  }

  reject(strategy: SynthStrategy, reason: string): void {
    const key = `${strategy}\0${reason}`;
    this.rejections.set(key, (this.rejections.get(key) ?? 0) + 1);
  }

  spend(strategy: SynthStrategy, usage: ModelUsage): void {
    this.usage[strategy] = addUsage(this.usage[strategy] ?? noUsage, usage);
  }

  counts(): Pick<SynthResult, 'bugs' | 'rejected' | 'usage'> {
    const bugs: Record<string, number> = {};
    for (const bug of this.bugs) bugs[bug.strategy] = (bugs[bug.strategy] ?? 0) + 1;
    const rejected = [...this.rejections].map(([key, count]) => {
      const [strategy, reason] = key.split('\0') as [SynthStrategy, string];
      return { strategy, reason, count };
    });
    return { bugs, rejected, usage: { ...this.usage } };
  }
}
