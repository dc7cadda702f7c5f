import { join } from 'node:path';
import type { BlockContext } from '../../../../block.js';
import { toLegoError } from '../../../../errors.js';
import type { Language } from '../../../../schema/env.js';
import { canonicalJson } from '../../../../json.js';
import { TaskSandboxes } from '../../../../tasks/task-sandboxes.js';
import type { ScannedFiles } from '../files.js';
import { collectExercised, collectors } from '../probe/exercised.js';
import { originalInstance } from '../probe/test-run.js';
import type { SynthConfig } from './config.js';

/** Which functions generation takes first, and how that was decided. */
export interface Preference {
  preferred: (file: string, name: string) => boolean;
  source: 'coverage' | 'test_references';
  note: string;
}

async function coverage(repo: string, commit: string, ctx: BlockContext<SynthConfig>): Promise<Set<string>> {
  const settings = ctx.config.coverage!;
  const sandboxes = ctx.shared(
    `swegen-synth.sandboxes:${canonicalJson(settings)}`,
    () => new TaskSandboxes({ ...settings.tasks, provider: settings.sandbox }),
  );
  const instance = originalInstance(
    repo,
    commit,
    `${repo.replace('/', '__')}.${commit.slice(0, 8)}.coverage`,
  );
  const task = await sandboxes.open(instance, ctx.log);
  try {
    const logPath = join(ctx.itemDir, 'coverage-run.txt');
    return (await collectExercised(task, instance, { timeoutMs: settings.timeoutMs, logPath })).functions;
  } finally {
    await task.close();
  }
}

/**
 * Functions the tests exercise come first. With a sandbox configured, the suite runs once with call
 * recording (coverage); otherwise, or when that records nothing, functions named in test files count.
 */
export async function preferenceOf(
  target: { repo: string; commit: string; language: Language },
  scanned: ScannedFiles,
  ctx: BlockContext<SynthConfig>,
): Promise<Preference> {
  const { repo, commit, language } = target;
  let note = ctx.config.coverage
    ? `calls cannot be recorded for ${language} tests`
    : 'no sandbox was configured for a coverage run';
  if (ctx.config.coverage && collectors[language]) {
    try {
      const ran = await coverage(repo, commit, ctx);
      if (ran.size > 0)
        return {
          preferred: (file, name) => ran.has(`${file}\t${name}`),
          source: 'coverage',
          note: `${ran.size} functions ran under the tests`,
        };
      note = 'the coverage run recorded no calls';
    } catch (err) {
      note = `coverage could not be collected: ${toLegoError(err).message.split('\n')[0]}`;
    }
  }
  ctx.log(`${note}; preferring functions that test files name`);
  return { preferred: (_file, name) => scanned.testIdentifiers.has(name), source: 'test_references', note };
}
