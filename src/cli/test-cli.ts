import type { Command } from 'commander';
import { vi } from 'vitest';
import { buildProgram } from './main.js';

/** Makes a command and all its subcommands throw instead of exiting, and keeps commander's errors quiet. */
function inProcess(command: Command): void {
  command.exitOverride().configureOutput({ writeErr: () => {} });
  command.commands.forEach(inProcess);
}

/**
 * Runs `legofactory ARGS` in this process through the real program, and returns what it printed with
 * console.log, one call per line. The exit code a command sets is cleared so the test run keeps its own.
 */
export async function runCli(...args: string[]): Promise<string> {
  return (await runCliForExit(...args)).output;
}

/** `runCli`, also returning the exit code the command set (undefined when it set none). */
export async function runCliForExit(
  ...args: string[]
): Promise<{ output: string; exitCode: number | string | undefined }> {
  const lines: string[] = [];
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  try {
    const program = buildProgram();
    inProcess(program);
    await program.parseAsync(['node', 'legofactory', ...args]);
    return { output: lines.join('\n'), exitCode: process.exitCode ?? undefined };
  } finally {
    log.mockRestore();
    process.exitCode = undefined;
  }
}
