import { setuptoolsRepo } from '../test-fixtures.js';
import type { ScriptedAgent, ScriptedRequest } from '../../llm/scripted-server.js';

/** A fixture no repair rule fixes: its conftest refuses to run unless a variable only its docs name is set. */
export function needsVariableRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('modecalc', salt),
    'CONTRIBUTING.md': 'Run the tests with MODECALC_MODE=strict.\n',
    'tests/conftest.py':
      'import os\n\nif os.environ.get("MODECALC_MODE") != "strict":\n' +
      '    raise RuntimeError("the modecalc tests need their mode set")\n',
  };
}

function workdirOf(request: ScriptedRequest): string {
  const first = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return /The repository is at (\S+)\. /.exec(first)?.[1] ?? '/testbed';
}

const call = (name: string, args: Record<string, unknown>) => ({
  tool_calls: [{ name, arguments: JSON.stringify(args) }],
});

/**
 * Scripted setup agents (native tool calls): `repairer` reads the docs, sets the variable in the spec
 * file and finishes; `dropper` removes the report option from the test command; `looper` lists the directory forever; `wanderer` alternates two commands forever.
 */
export const setupAgents: Record<string, ScriptedAgent> = {
  repairer: ({ request, turn }) => {
    const steps = [
      call('execute_bash', { command: 'cat CONTRIBUTING.md tests/conftest.py .legofactory-env.yaml' }),
      call('str_replace_editor', {
        command: 'str_replace',
        path: `${workdirOf(request)}/.legofactory-env.yaml`,
        old_str: 'env:\n',
        new_str: 'env:\n  MODECALC_MODE: strict\n',
      }),
      call('finish', { message: 'the tests need MODECALC_MODE=strict' }),
    ];
    return steps[Math.min(turn, steps.length - 1)]!;
  },
  dropper: ({ request, turn }) =>
    turn === 0
      ? call('str_replace_editor', {
          command: 'str_replace',
          path: `${workdirOf(request)}/.legofactory-env.yaml`,
          old_str: ' --junitxml={junit}',
          new_str: '',
        })
      : call('finish', { message: 'a shorter test command' }),
  looper: () => call('execute_bash', { command: 'ls' }),
  wanderer: ({ turn }) => call('execute_bash', { command: turn % 2 === 0 ? 'ls' : 'pwd' }),
};
