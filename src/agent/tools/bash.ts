import { z } from 'zod';
import { flag, seconds } from './args.js';
import type { ShellResult } from './shell-session.js';
import { truncateMiddle } from './truncate.js';
import type { Tool, ToolContext, ToolOutcome } from './types.js';

const description = `Runs a bash command in a shell session that persists for the whole task.
* The working directory, exported variables and shell functions carry over from one call to the next.
* Send one command per call; chain several with \`&&\` or \`;\`.
* Every command has a time limit (120 seconds unless \`timeout\` says otherwise). A command still running at the limit is not stopped: the result shows its output so far and exit code -1, and no new command runs until it ends. Send an empty \`command\` with \`is_input\` set to \`true\` to wait for it, or \`C-c\` to interrupt it.
* Start servers and other endless processes in the background with their output in a file, e.g. \`python3 app.py > server.log 2>&1 &\`.
* Commands cannot read from a terminal; give programs their input through files or arguments.
* Output longer than 30,000 characters is shortened to its beginning and end.`;

const args = z.object({
  command: z.string(),
  is_input: flag.optional(),
  timeout: seconds.optional(),
});
type BashArgs = z.infer<typeof args>;

const interrupts = new Set(['C-c', 'C-z', 'C-d']);

function metadata(result: ShellResult): string {
  const lines = [`[Current working directory: ${result.cwd}]`];
  if (result.python) lines.push(`[Python interpreter: ${result.python}]`);
  if (result.exitCode !== null && result.exitCode !== -1)
    lines.push(`[Command finished with exit code ${result.exitCode}]`);
  return lines.join('\n');
}

function notice(result: ShellResult, command: string, limitSec: number): string | null {
  if (result.state === 'running')
    return (
      `[The command has not finished after ${limitSec} seconds and is still running. Send an empty command ` +
      'with is_input=true to wait for more output, or C-c with is_input=true to interrupt it.]'
    );
  if (result.state === 'gone') return '[The command ended without reporting an exit code: it was killed.]';
  if (result.state === 'rejected')
    return (
      `[Your command "${command}" was NOT run: the previous command "${result.runningCommand}" is still ` +
      'running, and no new command can start until it ends. Send an empty command with is_input=true to ' +
      'wait for it, or C-c with is_input=true to interrupt it.]'
    );
  return null;
}

function outcome(result: ShellResult, command: string, limitSec: number, interrupted = false): ToolOutcome {
  const parts = [truncateMiddle(result.output.replace(/\n$/, ''))];
  const note = notice(result, command, limitSec);
  if (interrupted && result.state !== 'running') parts.push('[The command was interrupted.]');
  if (note) parts.push(note);
  parts.push(metadata(result));
  const observation = parts.filter((part) => part !== '').join('\n');
  const shell = interrupted && result.state === 'done' ? 'interrupted' : result.state;
  return { observation, exitCode: result.exitCode, shell };
}

const nothingRunning: ToolOutcome = {
  observation: 'ERROR: No command is running, so there is nothing to wait for or send input to.',
  exitCode: null,
  shell: 'idle',
};

async function run(input: BashArgs, context: ToolContext): Promise<ToolOutcome> {
  const { shell } = context;
  const limit = input.timeout ?? context.commandTimeoutSec;
  const command = input.command.trim();
  if (interrupts.has(command) && (input.is_input || shell.busy)) {
    if (!shell.busy) return nothingRunning;
    return outcome(await shell.interrupt(), command, limit, true);
  }
  if (command === '') return shell.busy ? outcome(await shell.wait(limit), command, limit) : nothingRunning;
  if (input.is_input) {
    if (!shell.busy) return nothingRunning;
    const observation =
      'ERROR: The running command does not read from a terminal, so text cannot be sent to it. ' +
      'Send an empty command to wait for it, or C-c to interrupt it.';
    return { observation, exitCode: null, shell: 'bad_input' };
  }
  return outcome(await shell.run(input.command, limit), input.command, limit);
}

/** `execute_bash`: OpenHands' terminal tool (command, is_input, timeout) on a persistent shell session. */
export const executeBash: Tool<BashArgs> = {
  schema: {
    type: 'function',
    function: {
      name: 'execute_bash',
      description,
      parameters: {
        type: 'object',
        properties: {
          command: {
            type: 'string',
            description:
              'The bash command to run. With is_input=true: an empty string waits for more output of the ' +
              'running command, and `C-c` interrupts it.',
          },
          is_input: {
            type: 'string',
            enum: ['true', 'false'],
            description:
              '`true` when `command` is meant for the command that is still running. Default `false`.',
          },
          timeout: {
            type: 'number',
            description: 'Time limit for this command in seconds (default 120).',
          },
        },
        required: ['command'],
      },
    },
  },
  args,
  run,
};
