import type { BlockContext } from '../../../../block.js';
import type { ChatClient } from '../../../../llm/types.js';
import type { ModelUsage, ProbeRecord, SynthBug } from '../../../../schema/synth.js';
import type { OpenTask } from '../../../../tasks/task-sandboxes.js';
import { globMatcher } from '../../glob.js';
import { MineRules } from '../../rules.js';
import { candidateOf } from '../candidate.js';
import { addUsage, noUsage } from '../lm/model.js';
import { statementFromModel } from '../statement/from-model.js';
import { evidenceOf, statementFromTests, type LineReader } from '../statement/from-tests.js';
import { failuresOf } from './evidence.js';
import type { ProbeConfig } from './config.js';
import type { SuiteRun } from './test-run.js';

/** What a candidate cost: its bug's model calls and its statement's. */
function total(bug: SynthBug, statement: ModelUsage | undefined): ModelUsage | undefined {
  if (!bug.usage && !statement) return undefined;
  return addUsage(bug.usage ?? noUsage, statement ?? noUsage);
}

const isTestFile = globMatcher(MineRules.parse({}).test_files);

function lineReader(task: OpenTask): LineReader {
  const root = task.sandbox.workdir.replace(/\/+$/, '');
  return async (file, line) => {
    const path = file.startsWith('/') ? file : `${root}/${file}`;
    const bytes = await task.sandbox.readFile(path).catch(() => null);
    return bytes ? (new TextDecoder().decode(bytes).split('\n')[line - 1] ?? null) : null;
  };
}

/**
 * The candidate of a bug that broke tests, with its statement: the model's when a writer is configured
 * and its statement is usable, else one written from the failing tests' evidence.
 */
export async function writeStatement(
  bug: SynthBug,
  broken: string[],
  run: SuiteRun,
  task: OpenTask,
  ctx: BlockContext<ProbeConfig>,
  client?: ChatClient,
): Promise<Pick<ProbeRecord, 'candidate' | 'statement_source' | 'statement_note' | 'usage'>> {
  const failures = failuresOf(broken, run);
  const fix = { patch: bug.patch, tests: broken };
  let usage: ModelUsage | undefined;
  let note: string | undefined;
  const writer = ctx.config.writer;
  if (writer && client) {
    const model = {
      client,
      baseUrl: writer.model.baseUrl,
      pricing: writer.model.pricing,
      sampling: writer.model.sampling,
    };
    const input = { repo: bug.repo, bugDiff: bug.bug_diff, patch: bug.patch, broken, failures };
    const written = await statementFromModel(model, writer.prompt, input, ctx.signal);
    usage = written.usage;
    if ('text' in written) {
      const candidate = candidateOf(bug, { text: written.text, source: 'model' }, total(bug, usage));
      return { candidate, statement_source: 'model', usage };
    }
    note = written.problem;
    ctx.log(`the model's statement was not used: ${note}`);
  }
  const root = task.sandbox.workdir.replace(/\/+$/, '');
  const testFiles = (path: string) =>
    isTestFile(path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  const evidence = await evidenceOf(failures, lineReader(task), testFiles);
  const text = statementFromTests(evidence, broken.length, fix);
  const candidate = candidateOf(bug, { text, source: 'tests' }, total(bug, usage));
  return {
    candidate,
    statement_source: 'tests',
    ...(note ? { statement_note: note } : {}),
    ...(usage ? { usage } : {}),
  };
}
