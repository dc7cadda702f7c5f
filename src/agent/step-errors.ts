import type { CallFacts } from './tools/types.js';

/**
 * The step-error rules, all in this file: which calls count as mistakes (error masking leaves them out
 * of training). A mistake is a call the agent got wrong as a call: malformed or unknown calls, replies
 * with no call, editor errors, commands sent while another still runs, input to no running command, and
 * shell failures where the command itself could not run (not found, not executable, a syntax error, a
 * script path that does not exist). A command that runs and fails, such as a failing test run or a
 * reproduction script exiting non-zero, is the work going as it should, not a mistake; nor is a command
 * that outlives its time limit.
 */
export type StepError =
  | 'malformed_call'
  | 'unknown_tool'
  | 'no_call'
  | 'editor_error'
  | 'command_busy'
  | 'no_running_command'
  | 'unsupported_input'
  | 'command_not_found'
  | 'command_not_executable'
  | 'shell_syntax_error'
  | 'script_not_found';

/** Output of a script path that does not exist, per interpreter. */
const missingScript = [
  /^\S*python[\d.]*: can't open file .*No such file or directory/m,
  /^Error: Cannot find module '\/[^']*'\s*$[\s\S]*code: 'MODULE_NOT_FOUND'/m,
  /^bash: [^:]+: No such file or directory$/m,
];

function shellError(facts: CallFacts): StepError | null {
  const output = facts.observation;
  if (facts.shell === 'rejected') return 'command_busy';
  if (facts.shell === 'idle') return 'no_running_command';
  if (facts.shell === 'bad_input') return 'unsupported_input';
  if (facts.shell !== 'done') return null;
  if (facts.exitCode === 127)
    return /No such file or directory/.test(output) ? 'script_not_found' : 'command_not_found';
  if (facts.exitCode === 126) return 'command_not_executable';
  if (
    facts.exitCode === 2 &&
    /syntax error near unexpected token|syntax error: unexpected end of file/.test(output)
  )
    return 'shell_syntax_error';
  if (facts.exitCode !== 0 && missingScript.some((pattern) => pattern.test(output)))
    return 'script_not_found';
  return null;
}

/** The error label of one call: null when the call was fine (a failing command included). */
export function stepErrorOf(facts: CallFacts): StepError | null {
  if (facts.parse === 'malformed') return 'malformed_call';
  if (facts.parse === 'unknown_tool') return 'unknown_tool';
  if (facts.parse === 'no_call') return 'no_call';
  if (facts.tool === 'str_replace_editor')
    return facts.observation.startsWith('ERROR:') ? 'editor_error' : null;
  if (facts.tool === 'execute_bash') return shellError(facts);
  return null;
}
