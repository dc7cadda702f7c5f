import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { patchWith, sketchTrajectory, toJsonl } from '../src/blocks/eval/tts/test-trajectories.js';
import { createVerifierClient, type PromptMessage } from '../src/blocks/verifier/client.js';
import { runVerifierScore } from '../src/blocks/verifier/run-verifier.js';
import { loadVerifierPrompt, verifierMessages } from '../src/blocks/verifier/formats/index.js';
import { logprobsVerifier } from '../src/blocks/verifier/scripted-verifiers.js';
import { startScriptedServer, type ScriptedServer } from '../src/llm/scripted-server.js';
import type { Trajectory } from '../src/schema/trajectory.js';

/** Requests per second of one way of sending the same verifier requests. */
export interface ThroughputFigure {
  requests: number;
  seconds: number;
  perSecond: number;
}

export interface VerifierThroughputFigures {
  concurrency: number;
  /** `verifier score`: prompt rendering, the SDK client with retries, the runner, the run store. */
  scoring: ThroughputFigure;
  /** The verifier client alone (the openai SDK with retries), without the runner and its run store. */
  client: ThroughputFigure;
  /** The same request bodies by a bare `fetch` loop with as many in flight. */
  bare: ThroughputFigure;
}

function trajectories(count: number): Trajectory[] {
  return Array.from({ length: count }, (_, i) =>
    sketchTrajectory({
      instance_id: `bench__verifier-${Math.floor(i / 8)}`,
      sample: i % 8,
      patch: patchWith(i % 3 === 0 ? 'good' : `other ${i}`),
      resolved: i % 3 === 0,
    }),
  );
}

async function inFlight(count: number, concurrency: number, send: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await send(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { requests: count, seconds, perSecond: count / seconds };
}

async function clientLoop(server: ScriptedServer, prompts: PromptMessage[][], concurrency: number) {
  const client = createVerifierClient({ baseUrl: server.url, model: 'judge' });
  return inFlight(prompts.length, concurrency, async (i) => {
    await client.judge({ messages: prompts[i]!, maxTokens: 16, topLogprobs: 20 });
  });
}

async function bareLoop(
  server: ScriptedServer,
  bodies: string[],
  concurrency: number,
): Promise<ThroughputFigure> {
  return inFlight(bodies.length, concurrency, async (i) => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[i]!,
    });
    const reply = (await response.json()) as { choices: { logprobs: unknown }[] };
    if (!reply.choices[0]?.logprobs) throw new Error('the scripted verifier sent no logprobs');
  });
}

/**
 * Scoring requests per second at `concurrency` in flight against the scripted server through `verifier
 * score`, beside the same server hit by a bare HTTP loop in the same run: the ratio is our overhead.
 */
export async function benchVerifierThroughput(
  requests = 2000,
  concurrency = 32,
): Promise<VerifierThroughputFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'lf-bench-verifier-'));
  const server = await startScriptedServer({
    agents: { judge: logprobsVerifier((prompt) => (prompt.includes('+good') ? 0.9 : 0.2)) },
  });
  try {
    const items = trajectories(requests);
    const input = join(dir, 'trajectories.jsonl');
    await writeFile(input, toJsonl(items));
    const textFormat = { textFunctions: '', functionList: 'legofactory', crlf: 'keep' } as const;
    const prompt = loadVerifierPrompt({ format: 'legofactory', textFormat });
    const prompts = items.map((t) => verifierMessages('legofactory', t, prompt));
    const bodies = prompts.map((messages) =>
      JSON.stringify({
        model: 'judge',
        messages,
        max_tokens: 16,
        temperature: 0,
        logprobs: true,
        top_logprobs: 20,
      }),
    );
    await bareLoop(server, bodies.slice(0, 100), concurrency);
    const bare = await bareLoop(server, bodies, concurrency);
    const client = await clientLoop(server, prompts, concurrency);
    const started = performance.now();
    const result = await runVerifierScore({
      trajectoriesPath: input,
      outPath: join(dir, 'scores.jsonl'),
      baseUrl: server.url,
      model: 'judge',
      concurrency,
      progress: 'off',
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.summary.scored !== requests) throw new Error(`scored ${result.summary.scored} of ${requests}`);
    return { concurrency, scoring: { requests, seconds, perSecond: requests / seconds }, client, bare };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const percentOf = (a: ThroughputFigure, b: ThroughputFigure) =>
  `${((a.perSecond / b.perSecond) * 100).toFixed(0)}%`;

export function formatVerifierThroughput(f: VerifierThroughputFigures): string {
  const line = (name: string, t: ThroughputFigure) =>
    `verifier-throughput ${name}: ${t.perSecond.toFixed(0)} requests/s (${t.requests} in ${t.seconds.toFixed(2)} s, ${f.concurrency} in flight)`;
  return [
    line('verifier score', f.scoring),
    line('verifier client alone', f.client),
    line('bare HTTP loop', f.bare),
    `verifier-throughput ratio: verifier score runs at ${percentOf(f.scoring, f.bare)} of the bare loop, ` +
      `the verifier client alone at ${percentOf(f.client, f.bare)}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requests = Number(process.argv[2] ?? 2000);
  console.log(
    formatVerifierThroughput(await benchVerifierThroughput(requests, Number(process.argv[3] ?? 32))),
  );
}
