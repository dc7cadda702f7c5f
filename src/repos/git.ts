import { execa } from 'execa';

/** Extra settings for one git command: a time limit, and variables on top of the usual ones. */
export interface GitOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** Runs git in `cwd` without a terminal prompt; resolves with stdout, rejects with git's stderr. */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await execa('git', args, {
    cwd,
    env: { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', ...options.env },
    stdin: 'ignore',
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return result.stdout;
}

/** Like `git` but resolves with `undefined` instead of rejecting. */
export async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  return git(cwd, args).catch(() => undefined);
}

/** The last lines of a failed command's stderr (or its message), for error texts. */
export function gitErrorDetail(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : String((err as Error).message ?? err);
  return text.trim().split('\n').slice(-5).join('\n');
}
