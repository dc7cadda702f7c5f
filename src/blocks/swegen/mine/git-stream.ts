import { execa } from 'execa';
import { LegoError } from '../../../errors.js';

/** Config that makes git's log and diff output the same whatever the user's or repository's settings. */
export const neutralGitConfig = [
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'diff.relative=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'i18n.logOutputEncoding=UTF-8',
];

/** A running git command whose stdin stays open for more input. */
export interface RecordStream {
  write(line: string): void;
  /** Closes stdin and resolves once every record was handed over; rejects when git fails. */
  end(): Promise<void>;
}

/**
 * Starts git in `gitDir`, handing each `separator`-delimited record of its stdout to `onRecord` as soon as
 * it is complete (the text before the first separator is dropped).
 */
export function streamRecords(
  gitDir: string,
  args: string[],
  separator: string,
  onRecord: (record: string) => void,
): RecordStream {
  const child = execa('git', [...neutralGitConfig, ...args], {
    cwd: gitDir,
    buffer: { stdout: false, stderr: true },
    env: { GIT_TERMINAL_PROMPT: '0' },
    stdin: 'pipe',
    reject: false,
  });
  let pending = '';
  let started = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split(separator);
    pending = parts.pop()!;
    for (const part of parts) {
      if (started) onRecord(part);
      started = true;
    }
  });
  const input = batchedWriter((text) => child.stdin.write(text));
  return {
    write: (line) => input(`${line}\n`),
    end: async () => {
      child.stdin.end(input.flush());
      const result = await child;
      if (result.exitCode !== 0)
        throw new LegoError(
          'repo_unavailable',
          `git ${args[0]} failed in ${gitDir}: ${String(result.stderr).trim()}`,
        );
      if (started) onRecord(pending);
    },
  };
}

/** Collects small writes and hands them over together once the current turn of the event loop ends. */
export function batchedWriter(write: (text: string) => void): ((text: string) => void) & { flush(): string } {
  let buffered = '';
  let scheduled = false;
  const flush = () => {
    const text = buffered;
    buffered = '';
    scheduled = false;
    return text;
  };
  return Object.assign(
    (text: string) => {
      buffered += text;
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        if (scheduled) write(flush());
      });
    },
    { flush },
  );
}
