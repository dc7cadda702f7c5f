import { localProvider } from '../../sandbox/local.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { makeTestRepo, removeTestRepo } from '../../sandbox/test-repo.js';
import { EditorHistory } from './editor-history.js';
import { callTool, type ToolName } from './index.js';
import { ShellSession } from './shell-session.js';
import type { CallFacts, ToolContext } from './types.js';

/** A local sandbox on a small test repository with the agent's tools, for tests. */
export interface ToolBench {
  sandbox: Sandbox;
  context: ToolContext;
  /** Runs a tool and returns the facts the step-error rules see. */
  call(name: ToolName, args: Record<string, unknown>): Promise<CallFacts>;
  close(): Promise<void>;
}

export async function toolBench(): Promise<ToolBench> {
  const repo = await makeTestRepo();
  const sandbox = await localProvider().create({ repoDir: repo });
  const shell = await ShellSession.start(sandbox);
  const context: ToolContext = { sandbox, shell, editorHistory: new EditorHistory(), commandTimeoutSec: 20 };
  return {
    sandbox,
    context,
    async call(name, args) {
      const result = await callTool(name, args, context);
      if (!result.ok) return { tool: name, parse: 'malformed', observation: result.detail, exitCode: null };
      const { outcome } = result;
      return {
        tool: name,
        parse: 'ok',
        observation: outcome.observation,
        exitCode: outcome.exitCode,
        ...(outcome.shell ? { shell: outcome.shell } : {}),
      };
    },
    async close() {
      await shell.close();
      await sandbox.close();
      await removeTestRepo(repo);
    },
  };
}
