import { join } from 'node:path';
import type { BlockContext } from '../../block.js';
import { LegoError } from '../../errors.js';
import { formats } from '../../agent/formats.js';
import { runAgent, type AgentRun } from '../../agent/loop.js';
import { goldPolicy } from '../../agent/policies/gold.js';
import { modelPolicy } from '../../agent/policies/model.js';
import type { Policy } from '../../agent/policies/types.js';
import { redactDeep } from '../../agent/redact.js';
import { inspectPath } from '../../agent/tools/editor-files.js';
import { EditorHistory, ShellSession, toolSchemas, type ToolContext } from '../../agent/tools/index.js';
import { UsageLedger } from '../../llm/ledger.js';
import { canonicalJson } from '../../json.js';
import type { SamplingParams, Trajectory } from '../../schema/trajectory.js';
import { TaskSandboxes, type OpenTask } from '../../tasks/task-sandboxes.js';
import type { TrajgenConfig, TrajgenItem, TrajgenRuntime } from './config.js';
import { finalPatch, type FinalPatch } from './final-patch.js';
import { judgeTrajectory } from './judge-trajectory.js';
import { rolloutPrompts } from './prompts.js';
import { scriptsRun } from './scripts-run.js';

type Ctx = BlockContext<TrajgenConfig>;

function sandboxesOf(ctx: Ctx): TaskSandboxes {
  const { sandbox, tasks } = ctx.config;
  const key = `trajgen.sandboxes:${canonicalJson({ sandbox, tasks })}`;
  return ctx.shared(key, () => new TaskSandboxes({ ...tasks, provider: sandbox }));
}

async function policyFor(
  item: TrajgenItem,
  ctx: Ctx,
  runtime: TrajgenRuntime,
  tools: ToolContext,
): Promise<Policy> {
  if (ctx.config.policy === 'model') {
    if (!runtime.client)
      throw new LegoError('bad_input', 'the model policy needs a model client (--base-url, --model)');
    return modelPolicy(runtime.client);
  }
  return goldPolicy({
    patch: item.instance.patch,
    workdir: tools.sandbox.workdir,
    format: ctx.config.format,
    readBase: async (path) => {
      const info = await inspectPath(tools.shell, path);
      return info.kind === 'file' ? info.text : null;
    },
  });
}

/** The sampling parameters of sample `n`: a configured seed is the first sample's, sample n gets seed + n. */
function samplingOf(config: TrajgenConfig, n: number): SamplingParams {
  const { seed } = config.sampling;
  return seed === undefined ? config.sampling : { ...config.sampling, seed: seed + n };
}

interface Worked {
  run: AgentRun;
  final: FinalPatch | null;
  policy: Policy;
  envId: string;
}

/** Runs the agent in the instance's workspace and reads the final patch (null if the sandbox is gone). */
async function work(
  item: TrajgenItem,
  ctx: Ctx,
  runtime: TrajgenRuntime,
  ledger: UsageLedger,
  redact: (t: string) => string,
): Promise<Worked> {
  const { config } = ctx;
  const task: OpenTask = await sandboxesOf(ctx).open(item.instance, ctx.log);
  let shell: ShellSession | undefined;
  try {
    shell = await ShellSession.start(task.sandbox, { secretNames: runtime.secretNames });
    const tools = {
      sandbox: task.sandbox,
      shell,
      editorHistory: new EditorHistory(),
      commandTimeoutSec: config.commandTimeoutSec,
    };
    const policy = await policyFor(item, ctx, runtime, tools);
    const format = formats[config.format];
    const prompts = rolloutPrompts(config.prompts, format, item.instance, task.sandbox.workdir);
    const run = await runAgent({
      policy,
      format,
      tools,
      systemPrompt: prompts.system,
      instancePrompt: prompts.instance,
      continuePrompt: prompts.continue,
      sampling: samplingOf(config, item.sample),
      limits: config.limits,
      ledger,
      signal: ctx.signal,
      redact,
      log: (line) => ctx.log(redact(line)),
    });
    const diff = await task.sandbox.diff().catch((err: unknown) => {
      ctx.log(redact(`could not read the workspace diff: ${(err as Error).message}`));
      return null;
    });
    const final = diff === null ? null : finalPatch(diff, scriptsRun(shell.history, task.sandbox.workdir));
    return { run, final, policy, envId: task.specId };
  } finally {
    await shell?.close();
    await task.close();
  }
}

/** One rollout: the agent works on the instance, then the harness judges its final patch. */
export async function rollout(
  item: TrajgenItem,
  ctx: Ctx,
  runtime: TrajgenRuntime,
  redact: (t: string) => string,
): Promise<Trajectory> {
  const started = new Date();
  const { config } = ctx;
  const ledger = new UsageLedger(config.pricing);
  const { run, final, policy, envId } = await work(item, ctx, runtime, ledger, redact);
  const patch = final?.patch ?? '';
  const judgement =
    final === null
      ? null
      : await judgeTrajectory(
          sandboxesOf(ctx),
          item.instance,
          patch,
          config,
          join(ctx.itemDir, 'test_output.txt'),
          redact,
        );
  const trajectory: Trajectory = {
    trajectory_id: `${item.instance.instance_id}#${item.sample}`,
    instance_id: item.instance.instance_id,
    repo: item.instance.repo,
    base_commit: item.instance.base_commit,
    sample: item.sample,
    policy: policy.kind,
    model: policy.model,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    format: config.format,
    tools: config.format === 'native' ? (toolSchemas() as unknown as Record<string, unknown>[]) : [],
    messages: run.messages,
    steps: run.steps,
    status: run.status,
    ...(run.failure ? { failure: run.failure } : {}),
    patch,
    dropped_files: final?.dropped ?? [],
    judgement,
    resolved: judgement?.resolved ?? false,
    partial: judgement?.partial ?? false,
    sampling: samplingOf(config, item.sample),
    usage: ledger.usage(),
    env_id: envId,
    duration_ms: Date.now() - started.getTime(),
    started_at: started.toISOString(),
  };
  return redactDeep(trajectory, redact);
}
