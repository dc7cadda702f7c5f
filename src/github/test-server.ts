import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the local server knows about one repository. */
export interface FakeRepo {
  pulls?: Record<string, unknown>[];
  /** Issues proper; pull requests are served as issues too, as GitHub does. */
  issues?: Record<string, unknown>[];
  comments?: Record<number, Record<string, unknown>[]>;
  /** Commit sha → numbers of the pull requests it belongs to. */
  commitPulls?: Record<string, number[]>;
}

export interface FakeGitHubOptions {
  token: string;
  repos: Record<string, FakeRepo>;
  /** Items per page of list answers; default 100 (GitHub's maximum). */
  pageSize?: number;
  /** Answer this many requests with 502 first. */
  failFirst?: number;
}

/** A running local server speaking the GitHub REST API endpoints mining uses. */
export interface FakeGitHub {
  url: string;
  /** Paths with query, in the order they were asked. */
  requests: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function page(req: IncomingMessage, res: ServerResponse, items: unknown[], size: number, base: string) {
  const url = new URL(req.url ?? '/', base);
  const perPage = Math.min(size, Number(url.searchParams.get('per_page') ?? 30));
  const number = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((number - 1) * perPage, number * perPage);
  const headers: Record<string, string> = {};
  if (number * perPage < items.length) {
    url.searchParams.set('page', String(number + 1));
    headers['link'] = `<${url.href}>; rel="next"`;
  }
  send(res, 200, slice, headers);
}

function route(repo: FakeRepo, rest: string[]): { one?: unknown; list?: unknown[] } | undefined {
  const [kind, id, sub] = rest;
  const pulls = repo.pulls ?? [];
  const byNumber = (items: Record<string, unknown>[]) => items.find((item) => item['number'] === Number(id));
  if (kind === 'pulls' && !sub) return { one: byNumber(pulls) };
  if (kind === 'issues' && !sub) {
    const pull = byNumber(pulls);
    return { one: byNumber(repo.issues ?? []) ?? (pull && { ...pull, pull_request: {} }) };
  }
  if (kind === 'issues' && sub === 'comments') return { list: repo.comments?.[Number(id)] ?? [] };
  if (kind === 'commits' && sub === 'pulls') {
    const numbers = repo.commitPulls?.[id ?? ''] ?? [];
    return { list: pulls.filter((pull) => numbers.includes(pull['number'] as number)) };
  }
  return undefined;
}

/** Starts a GitHub REST look-alike on 127.0.0.1 with bearer-token auth, 404s and `Link` pagination. */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const requests: string[] = [];
  let failures = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (failures > 0) {
      failures -= 1;
      return send(res, 502, { message: 'Bad Gateway' });
    }
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, 401, { message: 'Bad credentials' });
    const [, owner, name, ...rest] = new URL(req.url ?? '/', base).pathname.split('/').slice(1);
    const repo = options.repos[`${owner}/${name}`];
    const found = repo && route(repo, rest);
    if (found?.list) return page(req, res, found.list, options.pageSize ?? 100, base);
    if (found?.one) return send(res, 200, found.one);
    send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
