/**
 * Scripted agents for tests and benchmarks: plain functions of the conversation that play known
 * behaviours against the example instances through the scripted OpenAI-compatible server, in whichever
 * format the request uses (native when it carries `tools`, text otherwise).
 */
import { execa } from 'execa';
import { renderTextCall } from '../../agent/fncall-text.js';
import { goldEditCalls, type EditCall } from '../../agent/policies/gold-edits.js';
import type { ScriptedAgent, ScriptedReply, ScriptedRequest } from '../../llm/scripted-server.js';
import type { TaskInstance } from '../../schema/instance.js';

/** A call by name and arguments; a raw (possibly broken) call; or a reply that calls nothing. */
type Call =
  | { name: string; args: Record<string, unknown> }
  | { raw: string; rawArgs: string; name: string }
  | { say: string };

/** The example repository each instance's base files are read from (`owner/name` → path). */
export type RepoPaths = Record<string, string>;

function firstUser(request: ScriptedRequest): string {
  return request.messages.find((m) => m.role === 'user')?.content ?? '';
}

/** The repository path the instance prompt names. */
export function workdirOf(request: ScriptedRequest): string {
  return /<repository>\n(.+)\n<\/repository>/.exec(firstUser(request))?.[1] ?? '/testbed';
}

/** The last tool result the agent saw. */
export function lastObservation(request: ScriptedRequest): string {
  const last = request.messages.at(-1);
  return last && last.role !== 'assistant' ? (last.content ?? '') : '';
}

/** A reply that makes `call` in the request's format. */
export function callReply(request: ScriptedRequest, call: Call, turn: number): ScriptedReply {
  const native = Array.isArray(request.tools) && request.tools.length > 0;
  if ('say' in call) return { content: call.say };
  if ('raw' in call) {
    if (!native) return { content: call.raw };
    return { content: null, tool_calls: [{ id: `call_${turn}`, name: call.name, arguments: call.rawArgs }] };
  }
  if (native)
    return {
      content: null,
      tool_calls: [{ id: `call_${turn}`, name: call.name, arguments: JSON.stringify(call.args) }],
    };
  return { content: `Next step.\n${renderTextCall(call.name, call.args)}` };
}

/** The gold patch's editor calls for the instance the request is about, base files read from the example repos. */
export async function goldCallsFor(
  request: ScriptedRequest,
  instances: TaskInstance[],
  repos: RepoPaths,
): Promise<EditCall[]> {
  const prompt = firstUser(request);
  const instance = instances.find((i) => prompt.includes(i.problem_statement));
  if (!instance) throw new Error('scripted agent: the prompt names no known instance');
  const workdir = workdirOf(request);
  const repo = repos[instance.repo]!;
  return goldEditCalls(instance.patch, workdir, async (path) => {
    const relative = path.slice(workdir.length + 1);
    const shown = await execa('git', ['show', `${instance.base_commit}:${relative}`], {
      cwd: repo,
      reject: false,
      stripFinalNewline: false,
    });
    return shown.exitCode === 0 ? shown.stdout : null;
  });
}

const finishCall = { name: 'finish', args: { message: 'Done.' } };

/** Plays `plan(request)` call by call: turn n makes call n; past the end it finishes. */
function planned(plan: (request: ScriptedRequest) => Promise<Call[]> | Call[]): ScriptedAgent {
  return async ({ request, turn }) => {
    const calls = await plan(request);
    return callReply(request, calls[turn] ?? finishCall, turn);
  };
}

/** The scripted agents by model name. */
export function scriptedAgents(instances: TaskInstance[], repos: RepoPaths): Record<string, ScriptedAgent> {
  const gold = (request: ScriptedRequest) => goldCallsFor(request, instances, repos);
  return {
    /** Looks around, writes and runs a reproduction script, applies the fix, reruns it, finishes. */
    resolver: planned(async (request) => {
      const dir = workdirOf(request);
      const script = `${dir}/reproduce_issue.py`;
      return [
        { name: 'execute_bash', args: { command: 'ls && git status --short' } },
        {
          name: 'str_replace_editor',
          args: { command: 'create', path: script, file_text: 'import sys\nsys.exit(1)\n' },
        },
        { name: 'execute_bash', args: { command: 'python3 reproduce_issue.py' } },
        { name: 'think', args: { thought: 'The script fails as the issue says; now fix the code.' } },
        ...(await gold(request)),
        finishCall,
      ];
    }),
    /** Makes an editor error (old_str not in the file), looks at the file, then applies the fix. */
    stumbler: planned(async (request) => {
      const calls = await gold(request);
      const path = String(calls[0]?.args.path);
      return [
        {
          name: 'str_replace_editor',
          args: { command: 'str_replace', path, old_str: 'no such text anywhere', new_str: 'x' },
        },
        { name: 'str_replace_editor', args: { command: 'view', path } },
        ...calls,
        finishCall,
      ];
    }),
    /** Sends a call that cannot be read, calls a tool that does not exist, replies without a call, finishes. */
    garbler: planned(() => [
      {
        raw: '<function=str_replace_editor>\n<parameter=command>view',
        rawArgs: '{"command": "view", "path": ',
        name: 'str_replace_editor',
      },
      { name: 'open_file', args: { path: 'README.md' } },
      { say: 'I think the bug is somewhere in the parser.' },
      finishCall,
    ]),
    /** Never finishes: keeps running a harmless command. */
    looper: async ({ request, turn }) =>
      callReply(request, { name: 'execute_bash', args: { command: `echo still working ${turn}` } }, turn),
  };
}
