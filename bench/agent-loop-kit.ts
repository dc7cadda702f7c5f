import { formats } from '../src/agent/formats.js';
import { runAgent, type AgentRun } from '../src/agent/loop.js';
import { modelPolicy } from '../src/agent/policies/model.js';
import type { Policy } from '../src/agent/policies/types.js';
import { EditorHistory, ShellSession } from '../src/agent/tools/index.js';
import { createChatClient } from '../src/llm/client.js';
import { UsageLedger } from '../src/llm/ledger.js';
import { startScriptedServer, type ScriptedServer } from '../src/llm/scripted-server.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';

/** A scripted server whose one agent, `instant`, answers every turn at once with a trivial command. */
export function instantServer(): Promise<ScriptedServer> {
  return startScriptedServer({
    agents: {
      instant: () => ({
        content: null,
        tool_calls: [{ name: 'execute_bash', arguments: '{"command":"true"}' }],
      }),
    },
  });
}

/** Wraps a policy to record when each step begins (its model call starts). */
function timedPolicy(policy: Policy, starts: number[]): Policy {
  return {
    ...policy,
    next: (request, signal) => (starts.push(performance.now()), policy.next(request, signal)),
  };
}

/** Runs the agent loop for `steps` steps in `sandbox` against the instant agent; returns each step's wall time. */
export async function loopSteps(
  server: ScriptedServer,
  sandbox: Sandbox,
  steps: number,
): Promise<{ run: AgentRun; stepMs: number[] }> {
  const shell = await ShellSession.start(sandbox);
  const starts: number[] = [];
  try {
    const client = createChatClient({ baseUrl: server.url, model: 'instant' });
    const run = await runAgent({
      policy: timedPolicy(modelPolicy(client), starts),
      format: formats.native,
      tools: { sandbox, shell, editorHistory: new EditorHistory(), commandTimeoutSec: 60 },
      systemPrompt: 'benchmark',
      instancePrompt: 'benchmark',
      continuePrompt: 'continue',
      sampling: {},
      limits: { maxSteps: steps },
      ledger: new UsageLedger(),
      signal: new AbortController().signal,
      redact: (text) => text,
      log: () => {},
    });
    starts.push(performance.now());
    return { run, stepMs: starts.slice(1).map((end, i) => end - starts[i]!) };
  } finally {
    await shell.close();
  }
}
