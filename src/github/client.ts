import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { LegoError } from '../errors.js';
import { Issue, IssueComment, PullRequest, type GitHubClient } from './types.js';

export interface GitHubClientOptions {
  token: string;
  /** Default https://api.github.com. */
  apiUrl?: string;
  fetch?: typeof fetch;
  /** Extra tries after a 5xx answer or a network error; default 3. */
  retries?: number;
  /** Delay before the first retry, doubled on each further one; default 1000 ms. */
  backoffMs?: number;
  /** Pages followed for lists; default 10 (1,000 comments). */
  maxPages?: number;
}

type Fetched = { status: 'ok'; body: unknown; next?: string } | { status: 'missing' };

function nextLink(header: string | null): string | undefined {
  return header
    ?.split(',')
    .map((part) => /<([^>]+)>;\s*rel="next"/.exec(part)?.[1])
    .find((url) => url !== undefined);
}

function refusal(response: Response, url: string): LegoError {
  const limited =
    response.status === 429 ||
    (response.status === 403 && response.headers.get('x-ratelimit-remaining') === '0');
  if (limited) {
    const reset = Number(response.headers.get('x-ratelimit-reset') ?? 0) * 1000;
    const until = reset > 0 ? ` until ${new Date(reset).toISOString()}` : '';
    return new LegoError('repo_unavailable', `GitHub rate limit reached${until} (${url})`, {
      retryable: true,
    });
  }
  const hint = response.status === 401 ? '; check the token named by --github-token-env' : '';
  return new LegoError('bad_input', `GitHub answered ${response.status} for ${url}${hint}`);
}

/** A GitHub REST client over `fetch`: retries 5xx answers and network errors, follows `Link` pagination. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const headers = {
    authorization: `Bearer ${options.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'legofactory',
  };

  async function attempt(url: string): Promise<Fetched | Error> {
    let response: Response;
    try {
      response = await doFetch(url, { headers });
    } catch (err) {
      return err as Error;
    }
    if (response.status === 404) return { status: 'missing' };
    if (response.status >= 500) return new Error(`GitHub answered ${response.status}`);
    if (!response.ok) throw refusal(response, url);
    const next = nextLink(response.headers.get('link'));
    return { status: 'ok', body: await response.json(), ...(next ? { next } : {}) };
  }

  async function get(url: string): Promise<Fetched> {
    const retries = options.retries ?? 3;
    for (let tries = 0; ; tries += 1) {
      const result = await attempt(url);
      if (!(result instanceof Error)) return result;
      if (tries >= retries)
        throw new LegoError('repo_unavailable', `GitHub request ${url} failed: ${result.message}`, {
          retryable: true,
          cause: result,
        });
      await sleep((options.backoffMs ?? 1000) * 2 ** tries);
    }
  }

  async function one<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const fetched = await get(`${apiUrl}${path}`);
    return fetched.status === 'ok' ? schema.parse(fetched.body) : undefined;
  }

  async function list<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${apiUrl}${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; url !== undefined && page < (options.maxPages ?? 10); page += 1) {
      const fetched = await get(url);
      if (fetched.status !== 'ok') break;
      items.push(...z.array(schema).parse(fetched.body));
      url = fetched.next;
    }
    return items;
  }

  return {
    pull: (repo, number) => one(`/repos/${repo}/pulls/${number}`, PullRequest),
    issue: (repo, number) => one(`/repos/${repo}/issues/${number}`, Issue),
    issueComments: (repo, number) => list(`/repos/${repo}/issues/${number}/comments`, IssueComment),
    pullsOfCommit: (repo, sha) => list(`/repos/${repo}/commits/${sha}/pulls`, PullRequest),
  };
}
