import { z } from 'zod';
import { signedBody } from './plugin-report.js';

const Meta = z.object({
  runner: z.string(),
  in_process: z.boolean().nullable(),
  note: z.string(),
});

/** What the judge's node preload signed at the runner's exit (see node-preload.ts). */
export interface SignedRunnerReport {
  /** `jest`, `mocha`, `vitest`, `node-test` (node --test), or `unknown`. */
  runner: string;
  /** The bytes the runner wrote to its report, as it wrote them. */
  report: Buffer;
}

/** Why a run on the preload's word cannot be trusted: tests in the runner's own process, or unknown. */
function inProcessProblem(runner: string, inProcess: boolean | null, note: string): string | null {
  const why = note === '' ? '' : ` (${note})`;
  if (inProcess === null) {
    return (
      `the test command's report was written by a runner the judge does not know (${runner}), so it ` +
      'cannot tell whether the code under test ran in the same process and could have written it'
    );
  }
  if (!inProcess) return null;
  return (
    `${runner} ran the tests in its own process${why}, where the code under test can write the report; ` +
    'the judge needs them in worker processes. Use a runner config that allows that (for mocha: no ' +
    '`file` or `sort` option, mocha 8 or newer; for jest: no `detectOpenHandles`)'
  );
}

/**
 * Reads `runner-report.signed`: the signature line (see `signedBody`), a JSON line (runner,
 * in_process, note), then the report's bytes. Returns why it cannot be trusted, as a string.
 */
export function readSignedRunnerReport(bytes: Uint8Array, key: string): SignedRunnerReport | string {
  const body = signedBody(bytes, key, "the judge's node preload in the test runner");
  if (typeof body === 'string') return body;
  const newline = body.indexOf(0x0a);
  let meta;
  try {
    meta = Meta.safeParse(
      JSON.parse(body.subarray(0, newline === -1 ? undefined : newline).toString('utf8')),
    );
  } catch {
    return "the signed report's header is not JSON";
  }
  if (!meta.success) return `the signed report's header has the wrong shape: ${meta.error.message}`;
  const { runner, in_process: inProcess, note } = meta.data;
  const problem = inProcessProblem(runner, inProcess, note);
  if (problem !== null) return problem;
  return { runner, report: newline === -1 ? Buffer.alloc(0) : body.subarray(newline + 1) };
}
