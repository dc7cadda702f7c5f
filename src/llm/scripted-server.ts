import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  isFault,
  replyBody,
  type ScriptedAgent,
  type ScriptedFault,
  type ScriptedMessage,
  type ScriptedRequest,
} from './scripted-replies.js';
import { completionObject, streamEvents } from './scripted-sse.js';

export type * from './scripted-replies.js';
export type { ScriptedLogprob } from './scripted-sse.js';

export interface ScriptedServerOptions {
  /** Agents by the model name requests ask for. */
  agents: Record<string, ScriptedAgent>;
  /** Delay before each answer, to imitate a model's latency. */
  latencyMs?: number;
}

/** A running scripted server: `url` is the OpenAI base URL (`http://127.0.0.1:PORT/v1`). */
export interface ScriptedServer {
  url: string;
  /** Chat-completions requests answered so far, faults included. */
  readonly requests: number;
  /** Authorization headers seen, so tests can check what the client sent. */
  readonly authorizations: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts an OpenAI-compatible chat-completions server on 127.0.0.1 that answers with scripted agents:
 * real HTTP, JSON and server-sent events, tool calls, usage, stop strings, and injectable faults.
 */
export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();
  const authorizations: string[] = [];
  let requests = 0;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url?.endsWith('/models'))
      return send(res, 200, {
        object: 'list',
        data: Object.keys(options.agents).map((id) => ({ id, object: 'model' })),
      });
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
      return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    const text = await readBody(req);
    authorizations.push(req.headers.authorization ?? '');
    const n = ++requests;
    const request = JSON.parse(text) as ScriptedRequest;
    const agent = options.agents[request.model];
    if (!agent)
      return send(res, 404, {
        error: { message: `model ${request.model} does not exist`, code: 'model_not_found' },
      });
    const digest = createHash('sha256').update(text).digest('hex');
    const attempt = seen.get(digest) ?? 0;
    seen.set(digest, attempt + 1);
    const turn = request.messages.filter((m) => m.role === 'assistant').length;
    const reply = await agent({ request, turn, attempt });
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (isFault(reply)) fault(req, res, request, reply, n);
    else message(res, request, reply, n);
  }

  function message(res: ServerResponse, request: ScriptedRequest, reply: ScriptedMessage, n: number): void {
    const body = replyBody(request, reply, n);
    if (!request.stream) {
      send(res, 200, completionObject(body));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of streamEvents(body, request.stream_options?.include_usage === true)) res.write(event);
    res.end();
  }

  function fault(
    req: IncomingMessage,
    res: ServerResponse,
    request: ScriptedRequest,
    reply: ScriptedFault,
    n: number,
  ): void {
    if (reply.fault === 'hang') return;
    if (reply.fault === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (reply.fault === 'empty_choices') {
      const body = {
        id: `chatcmpl-scripted-${n}`,
        object: 'chat.completion',
        model: request.model,
        choices: [],
      };
      send(res, 200, body);
      return;
    }
    if (reply.fault === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (reply.retryAfterSec !== undefined) headers['retry-after'] = String(reply.retryAfterSec);
      const error = {
        message: reply.message ?? `scripted HTTP ${reply.status}`,
        code: reply.code ?? null,
        type: 'scripted',
      };
      res.writeHead(reply.status, headers).end(JSON.stringify({ error }));
      return;
    }
    const body = replyBody(request, { content: reply.content }, n);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const events = streamEvents(body, false);
    for (const event of events.slice(0, Math.max(1, events.length - 3))) res.write(event);
    setTimeout(() => req.socket.destroy(), 5);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => send(res, 500, { error: { message: String(err) } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
