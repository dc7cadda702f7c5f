import { posix } from 'node:path';
import type { ShellCommand } from '../../agent/tools/shell-session.js';

const interpreters = /^(python[\d.]*|node|bash|sh|zsh|ruby|perl|php|tsx|ts-node|deno)$/;

/** Splits a command line into simple commands (at `&&`, `||`, `;`, `|`, newlines), each as words. */
function simpleCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  const words = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(&&|\|\||[;|\n])|([^\s;|&"']+)/g;
  for (const match of line.matchAll(words)) {
    if (match[3] !== undefined) commands.push([]);
    else commands.at(-1)!.push(match[1] ?? match[2] ?? match[4] ?? '');
  }
  return commands.filter((words) => words.length > 0);
}

/** The words from the program on: assignments and wrappers (`env`, `time`, `nohup`, `timeout N`) dropped. */
function programWords(words: string[]): string[] {
  let at = 0;
  for (;;) {
    const word = words[at];
    if (word === undefined) return [];
    if (/^[A-Za-z_]\w*=/.test(word) || ['env', 'time', 'nohup'].includes(word)) at += 1;
    else if (word === 'timeout') at += 2;
    else return words.slice(at);
  }
}

/** The script a simple command runs directly (`python x.py`, `node x.js`, `./x.sh`), if any. */
function scriptOf(words: string[]): string | undefined {
  const [program, ...args] = programWords(words);
  if (program === undefined) return undefined;
  if (program.startsWith('./')) return program;
  if (!interpreters.test(posix.basename(program))) return undefined;
  if (args.some((arg) => arg === '-m' || arg === '-c' || arg === '-e')) return undefined;
  return args.find((arg) => !arg.startsWith('-'));
}

/**
 * The repository-relative paths of scripts the agent ran directly with an interpreter or as `./script`,
 * following `cd` within a command line. These are the agent's reproduction scripts.
 */
export function scriptsRun(history: ShellCommand[], workdir: string): Set<string> {
  const scripts = new Set<string>();
  for (const { command, cwd } of history) {
    let dir = cwd;
    for (const words of simpleCommands(command)) {
      if (words[0] === 'cd' && words[1] !== undefined) dir = posix.resolve(dir, words[1]);
      const script = scriptOf(words);
      if (script === undefined) continue;
      const relative = posix.relative(workdir, posix.resolve(dir, script));
      if (relative !== '' && !relative.startsWith('..')) scripts.add(relative);
    }
  }
  return scripts;
}
