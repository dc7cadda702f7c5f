import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClientOptions } from './client.js';
import { ModelError } from './errors.js';
import { attemptsOf } from './retry.js';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from './scripted-server.js';

const editCall = { name: 'str_replace_editor', arguments: '{"command":"view","path":"/testbed"}' };
const replies: Record<string, (attempt: number) => ScriptedReply> = {
  tools: () => ({ content: 'Looking around.', tool_calls: [editCall] }),
  text: () => ({ content: 'thinking <function=think>\n<parameter=thought>x</parameter>\n</function> tail' }),
  flaky429: (attempt) =>
    attempt === 0 ? { fault: 'status', status: 429, retryAfterSec: 0 } : { content: 'ok' },
  down500: () => ({ fault: 'status', status: 503 }),
  overflow: () => ({
    fault: 'status',
    status: 400,
    message: "This model's maximum context length is 32768 tokens",
  }),
  empty: () => ({ fault: 'empty_choices' }),
  cutOnce: (attempt) =>
    attempt === 0 ? { fault: 'cut', content: 'a long reply that breaks off' } : { content: 'whole' },
  cutAlways: () => ({ fault: 'cut', content: 'a long reply that breaks off every time' }),
  hang: () => ({ fault: 'hang' }),
  disconnect: () => ({ fault: 'disconnect' }),
};

let server: ScriptedServer;
beforeAll(async () => {
  const agents = Object.fromEntries(
    Object.entries(replies).map(([model, reply]) => [
      model,
      ({ attempt }: { attempt: number }) => reply(attempt),
    ]),
  );
  server = await startScriptedServer({ agents });
});
afterAll(() => server.close());

const request = { messages: [{ role: 'user' as const, content: 'hi' }], sampling: { temperature: 0 } };
const client = (model: string, extra: Partial<ChatClientOptions> = {}) =>
  createChatClient({
    baseUrl: server.url,
    model,
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<ModelError & { attempts: number }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelError);
  return Object.assign(err as ModelError, { attempts: attemptsOf(err) });
}

describe('createChatClient against the scripted server', () => {
  for (const stream of [false, true]) {
    it(`reads text and tool calls with usage (${stream ? 'streamed' : 'whole'})`, async () => {
      const call = await client('tools', { stream, apiKey: 'sk-abc' }).complete(request);
      expect(call.reply.content).toBe('Looking around.');
      expect(call.reply.toolCalls).toEqual([
        { id: expect.stringMatching(/^call_/), type: 'function', function: editCall },
      ]);
      expect(call.reply.finishReason).toBe('tool_calls');
      expect(call.reply.usage.prompt_tokens).toBeGreaterThan(0);
      expect(call.reply.usage.completion_tokens).toBeGreaterThan(0);
      expect(call.attempts).toBe(1);
      expect(server.authorizations.at(-1)).toBe('Bearer sk-abc');
    });
  }

  it('passes stop strings, and the server cuts the reply before them', async () => {
    const call = await client('text').complete({ ...request, stop: ['</function'] });
    expect(call.reply.content).toBe('thinking <function=think>\n<parameter=thought>x</parameter>\n');
  });

  it('retries a 429 and succeeds', async () => {
    const call = await client('flaky429').complete(request);
    expect(call.reply.content).toBe('ok');
    expect(call.attempts).toBe(2);
  });

  it('gives up on 5xx after the retries', async () => {
    const err = await failure(client('down500').complete(request));
    expect([err.kind, err.status, err.attempts]).toEqual(['server_error', 503, 3]);
  });

  it('does not retry a context overflow', async () => {
    const err = await failure(client('overflow').complete(request));
    expect([err.kind, err.retryable, err.attempts]).toEqual(['context_overflow', false, 1]);
  });

  it('reports empty choices, whole or streamed', async () => {
    expect((await failure(client('empty').complete(request))).kind).toBe('empty_response');
    expect((await failure(client('empty', { stream: true }).complete(request))).kind).toBe('empty_response');
  });

  it('retries a stream cut mid-reply', async () => {
    const call = await client('cutOnce', { stream: true }).complete(request);
    expect([call.reply.content, call.attempts]).toEqual(['whole', 2]);
    const err = await failure(client('cutAlways', { stream: true }).complete(request));
    expect([err.kind, err.attempts]).toEqual(['stream_cut', 3]);
  });

  it('reports an endpoint that hangs, drops the connection or is not there as unreachable', async () => {
    const hung = await failure(
      client('hang', { requestTimeoutMs: 150, retry: { retries: 1, baseDelayMs: 1 } }).complete(request),
    );
    expect([hung.kind, hung.attempts]).toEqual(['unreachable', 2]);
    expect((await failure(client('disconnect').complete(request))).kind).toBe('unreachable');
    const closed = createChatClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'x', retry: { retries: 0 } });
    expect((await failure(closed.complete(request))).kind).toBe('unreachable');
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await failure(client('hang').complete(request, controller.signal))).kind).toBe('aborted');
  });
});
