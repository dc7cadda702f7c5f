import { shellQuote } from '../../../../harness/shell.js';
import type { Language } from '../../../../schema/env.js';
import type { TaskInstance } from '../../../../schema/instance.js';
import type { OpenTask } from '../../../../tasks/task-sandboxes.js';
import { nodeRecorder, pythonRecorder } from './recorders.js';
import { runSuite, type SuiteRun } from './test-run.js';

/** Puts a language's recorder in place and returns the environment that turns it on. */
interface Collector {
  setup(task: OpenTask, dir: string): Promise<Record<string, string>>;
}

/** Lists the files the recorders wrote, one `path\tname` per line. */
const readCalls = (dir: string): string => `cat ${shellQuote(dir)}/calls/*.txt 2>/dev/null; true`;

/** Where the recorders write, and which part of the filesystem counts as the repository. */
const recorderEnv = (task: OpenTask, dir: string): Record<string, string> => ({
  LF_CALLS_ROOT: task.sandbox.workdir,
  LF_CALLS_OUT: `${dir}/calls`,
});

/** How calls are recorded while the tests run, by language, needing nothing from the project. */
export const collectors: Partial<Record<Language, Collector>> = {
  python: {
    async setup(task, dir) {
      await task.sandbox.writeFile(`${dir}/sitecustomize.py`, pythonRecorder);
      const existing = task.spec.env['PYTHONPATH'];
      return { PYTHONPATH: existing ? `${dir}:${existing}` : dir, ...recorderEnv(task, dir) };
    },
  },
  javascript: {
    async setup(task, dir) {
      await task.sandbox.writeFile(`${dir}/calls-recorder.cjs`, nodeRecorder);
      const preload = `--require "${dir}/calls-recorder.cjs"`;
      const existing = task.spec.env['NODE_OPTIONS'];
      return { NODE_OPTIONS: existing ? `${existing} ${preload}` : preload, ...recorderEnv(task, dir) };
    },
  },
};

/** The functions the test suite called (`path\tname`), recorded while running it once at the original commit. */
export interface Exercised {
  run: SuiteRun;
  functions: Set<string>;
}

/** Runs the suite once with call recording on, and reads which functions of the repository ran. */
export async function collectExercised(
  task: OpenTask,
  instance: TaskInstance,
  options: { timeoutMs: number; logPath: string },
): Promise<Exercised> {
  const collector = collectors[task.spec.language];
  if (!collector) throw new Error(`calls cannot be recorded for ${task.spec.language} tests`);
  const dir = `${task.sandbox.workdir.replace(/\/+$/, '')}/.git/lf-synth`;
  const env = await collector.setup(task, dir);
  const run = await runSuite(task, instance, { patch: '', ...options, env });
  const listed = await task.sandbox.exec(readCalls(dir), { timeoutMs: 60_000 });
  const lines = listed.exitCode === 0 ? listed.output.split('\n') : [];
  return { run, functions: new Set(lines.filter((line) => line.includes('\t'))) };
}
