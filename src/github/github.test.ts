import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from './client.js';
import { closedIssues, pullNumberOf } from './links.js';
import { startFakeGitHub, type FakeGitHub } from './test-server.js';

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(options: { failFirst?: number; retries?: number; token?: string }) {
  server = await startFakeGitHub({
    token: 'secret',
    failFirst: options.failFirst ?? 0,
    repos: {
      'acme/calc': { pulls: [{ number: 5, title: 'T', body: null, created_at: '2024-01-01T00:00:00Z' }] },
    },
  });
  return createGitHubClient({
    token: options.token ?? 'secret',
    apiUrl: server.url,
    backoffMs: 5,
    retries: options.retries ?? 3,
  });
}

describe('GitHub client against the local API server', () => {
  it('reads a pull request, and answers undefined for one that does not exist', async () => {
    const github = await clientFor({});
    expect(await github.pull('acme/calc', 5)).toMatchObject({
      number: 5,
      title: 'T',
      body: null,
      merged_at: null,
    });
    expect(await github.pull('acme/calc', 6)).toBeUndefined();
    expect(await github.issue('acme/calc', 5)).toMatchObject({ number: 5, pull_request: {} });
    expect(await github.issueComments('acme/calc', 5)).toEqual([]);
  });

  it('retries 5xx answers, then gives up with a retryable error', async () => {
    expect(await (await clientFor({ failFirst: 2 })).pull('acme/calc', 5)).toMatchObject({ number: 5 });
    expect(server!.requests).toEqual([
      '/repos/acme/calc/pulls/5',
      '/repos/acme/calc/pulls/5',
      '/repos/acme/calc/pulls/5',
    ]);
    await server!.close();
    const failing = await clientFor({ failFirst: 5, retries: 1 });
    await expect(failing.pull('acme/calc', 5)).rejects.toMatchObject({
      code: 'repo_unavailable',
      retryable: true,
    });
  });

  it('refuses a bad token without retrying', async () => {
    const github = await clientFor({ token: 'wrong' });
    await expect(github.pull('acme/calc', 5)).rejects.toMatchObject({ code: 'bad_input', retryable: false });
    expect(server!.requests).toHaveLength(1);
  });
});

describe('closedIssues and pullNumberOf', () => {
  it('finds closing keywords for this repository only, in order, once each', () => {
    const text =
      'Fixes #3. closes acme/calc#5, resolved: #3\nRelated to #9; fix other/repo#4; Resolves ACME/Calc#6';
    expect(closedIssues(text, 'acme/calc')).toEqual([3, 5, 6]);
    expect(closedIssues('prefixes #2 and fixes#3', 'acme/calc')).toEqual([]);
  });

  it('reads PR numbers from merge and squash messages', () => {
    expect(pullNumberOf('Merge pull request #12 from a/b\n\nTitle')).toBe(12);
    expect(pullNumberOf('Fix it (#34)\n\nbody (#35)')).toBe(34);
    expect(pullNumberOf('Revert "Fix it (#34)"')).toBeUndefined();
    expect(pullNumberOf('Merge branch main')).toBeUndefined();
  });
});
