import { shellQuote } from '../../../../harness/shell.js';
import type { Language } from '../../../../schema/env.js';
import type { TaskInstance } from '../../../../schema/instance.js';
import type { OpenTask } from '../../../../tasks/task-sandboxes.js';
import { runSuite, type SuiteRun } from './test-run.js';

/** Records every Python function called under the repository root, per process, at exit. */
const pythonRecorder = `import atexit, os, sys, threading
_lf_root = os.path.realpath(os.environ.get("LF_CALLS_ROOT", "/")) + os.sep
_lf_out = os.environ.get("LF_CALLS_OUT", "")
_lf_seen = set()
def _lf_profile(frame, event, arg):
    if event == "call":
        _lf_seen.add((frame.f_code.co_filename, frame.f_code.co_name))
def _lf_dump():
    sys.setprofile(None)
    threading.setprofile(None)
    lines = set()
    for filename, name in list(_lf_seen):
        if filename.startswith("<"):
            continue
        path = os.path.realpath(filename)
        if path.startswith(_lf_root):
            lines.add(path[len(_lf_root):] + "\\t" + name)
    os.makedirs(_lf_out, exist_ok=True)
    with open(os.path.join(_lf_out, "%d.txt" % os.getpid()), "w") as f:
        f.write("\\n".join(sorted(lines)) + "\\n")
if _lf_out:
    sys.setprofile(_lf_profile)
    threading.setprofile(_lf_profile)
    atexit.register(_lf_dump)
`;

interface Collector {
  setup(task: OpenTask, dir: string): Promise<Record<string, string>>;
  read(task: OpenTask, dir: string): string;
}

/**
 * How calls are recorded while the tests run, by language, needing nothing from the project. JavaScript
 * has none: test runners run tests in workers they kill, so NODE_V8_COVERAGE records nothing useful.
 */
export const collectors: Partial<Record<Language, Collector>> = {
  python: {
    async setup(task, dir) {
      await task.sandbox.writeFile(`${dir}/sitecustomize.py`, pythonRecorder);
      const existing = task.spec.env['PYTHONPATH'];
      return {
        PYTHONPATH: existing ? `${dir}:${existing}` : dir,
        LF_CALLS_ROOT: task.sandbox.workdir,
        LF_CALLS_OUT: `${dir}/calls`,
      };
    },
    read: (_task, dir) => `cat ${shellQuote(dir)}/calls/*.txt 2>/dev/null; true`,
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
  const listed = await task.sandbox.exec(collector.read(task, dir), { timeoutMs: 60_000 });
  const lines = listed.exitCode === 0 ? listed.output.split('\n') : [];
  return { run, functions: new Set(lines.filter((line) => line.includes('\t'))) };
}
