import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatClient } from '../../../../llm/client.js';
import {
  startScriptedServer,
  type ScriptedReply,
  type ScriptedServer,
} from '../../../../llm/scripted-server.js';
import { makeRepo, tempDir } from '../../../../repos/test-repo.js';
import { BugSet } from '../bug-set.js';
import type { SourceFile } from '../files.js';
import { addLmBugs } from '../generate/lm-bugs.js';
import { assertReachable, type SynthModel } from './model.js';
import { loadSynthPrompts, type SynthPrompts } from './prompts.js';

const stats = `def mean(xs):
    """The arithmetic mean."""
    return sum(xs) / len(xs)


def median(xs):
    ordered = sorted(xs)
    return ordered[len(ordered) // 2]


def spread(xs):
    lowest = min(xs)
    return max(xs) - lowest
`;
const file: SourceFile = { path: 'stats.py', text: stats, grammar: 'python' };
const fence = (code: string) => `Here you go:\n\`\`\`python\n${code}\`\`\`\n`;

/** Replies by the function a prompt names: a bug for mean, a malformed reply for median, 429 first for spread. */
function modifier({
  request,
  attempt,
}: {
  request: { messages: { content?: string | null }[] };
  attempt: number;
}): ScriptedReply {
  const prompt = request.messages[0]?.content ?? '';
  const name = /function `(\w+)`/.exec(prompt)?.[1];
  if (name === 'mean')
    return {
      content: fence(
        'def mean(xs):\n    """The arithmetic mean."""\n    return sum(xs) / (len(xs) + 1)  # subtle\n',
      ),
    };
  if (name === 'median') return { content: 'I would rather not change this function.' };
  if (attempt === 0) return { fault: 'status', status: 429, retryAfterSec: 0 };
  return { content: fence('def spread(xs):\n    lowest = min(xs)\n    return lowest - max(xs)\n') };
}

const rewriter = ({ request }: { request: { messages: { content?: string | null }[] } }): ScriptedReply => {
  const prompt = request.messages[0]?.content ?? '';
  const name = /function\s+`(\w+)`/.exec(prompt)?.[1];
  if (name === 'median')
    return { content: fence('def median(xs):\n    return sorted(xs)[len(xs) // 2 - 1]\n') };
  return { content: fence(`def ${name}(xs):\n    return 0\n`) };
};

let root: string;
let server: ScriptedServer;
let prompts: SynthPrompts;
let origin: { gitDir: string; repo: string; originalCommit: string; createdAt: string; version: string };
const seen: string[] = [];

beforeAll(async () => {
  root = await tempDir('lf-synth-lm-');
  const commit = await makeRepo(root, { 'stats.py': stats });
  origin = {
    gitDir: root,
    repo: 'acme/stats',
    originalCommit: commit,
    createdAt: '2024-01-01T00:00:00.000Z',
    version: 'v1',
  };
  prompts = await loadSynthPrompts();
  server = await startScriptedServer({
    agents: {
      modifier,
      rewriter: (turn) => {
        seen.push(turn.request.messages[0]?.content ?? '');
        return rewriter(turn);
      },
      down: () => ({ fault: 'status', status: 503 }),
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function model(name: string): SynthModel {
  const client = createChatClient({
    baseUrl: server.url,
    model: name,
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
  });
  return {
    client,
    baseUrl: server.url,
    pricing: { inputPerMTok: 2, outputPerMTok: 10 },
    sampling: { temperature: 0 },
  };
}

const options = (name: string) => ({
  model: model(name),
  prompts,
  origin,
  preference: { preferred: () => false, source: 'test_references' as const, note: '' },
  seed: 1,
  max: 3,
  concurrency: 2,
});

describe('lm-modify against a scripted OpenAI-compatible server', () => {
  it('keeps good replies (comments dropped), records malformed ones, and survives a 429', async () => {
    const set = new BugSet();
    await addLmBugs('lm-modify', [file], set, options('modifier'));
    const byUnit = Object.fromEntries(set.bugs.map((bug) => [bug.unit, bug]));
    expect(Object.keys(byUnit).sort()).toEqual(['mean', 'spread']);
    expect(byUnit['mean']!.bug_diff).toContain('+    return sum(xs) / (len(xs) + 1)\n');
    expect(byUnit['mean']!.bug_diff).not.toContain('subtle');
    expect(byUnit['spread']!.patch).toContain('+    return max(xs) - lowest\n');
    expect(byUnit['mean']!.params).toEqual({ file: 'stats.py', line: 1, model: 'modifier' });
    expect(byUnit['mean']!.instance_id).toMatch(/^acme__stats\.[0-9a-f]{8}\.lm_modify__[0-9a-f]{8}$/);
    for (const bug of set.bugs) {
      expect(bug.usage!.model_calls).toBe(1);
      expect(bug.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(bug.usage!.cost_usd).toBeCloseTo(
        (bug.usage!.prompt_tokens * 2 + bug.usage!.completion_tokens * 10) / 1e6,
      );
    }
    const counts = set.counts();
    expect(counts.rejected).toEqual([{ strategy: 'lm-modify', reason: 'no_code', count: 1 }]);
    expect(counts.usage['lm-modify']!.model_calls).toBe(3);
  });

  it('records a model that keeps failing after its retries, with the failure kind', async () => {
    const set = new BugSet();
    await addLmBugs('lm-modify', [file], set, { ...options('down'), max: 1 });
    expect(set.bugs).toEqual([]);
    expect(set.counts().rejected).toEqual([
      { strategy: 'lm-modify', reason: 'model_server_error', count: 1 },
    ]);
  });
});

describe('lm-rewrite against a scripted OpenAI-compatible server', () => {
  it('shows the file with the body stubbed out and keeps re-implementations that differ', async () => {
    const set = new BugSet();
    await addLmBugs('lm-rewrite', [file], set, options('rewriter'));
    expect(set.bugs.map((bug) => bug.unit).sort()).toEqual(['mean', 'median', 'spread']);
    const medianPrompt = seen.find(
      (prompt) => prompt.includes('function\n`median`') || prompt.includes('function `median`'),
    )!;
    expect(medianPrompt).toContain('def median(xs):\n    raise NotImplementedError\n');
    expect(medianPrompt).not.toContain('ordered[len(ordered) // 2]');
    const meanPrompt = seen.find((prompt) => /function\s+`mean`/.test(prompt))!;
    expect(meanPrompt).toContain(
      'def mean(xs):\n    """The arithmetic mean."""\n    raise NotImplementedError\n',
    );
  });
});

describe('a model endpoint that is not there', () => {
  it('is refused before any work, naming the flags', async () => {
    const error = await assertReachable('http://127.0.0.1:9/v1', 'qwen').catch(
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(
      /the model endpoint http:\/\/127\.0\.0\.1:9\/v1 \(model qwen\) cannot be reached/,
    );
    expect(error?.message).toContain('Check --base-url, --model and --api-key-env.');
    await expect(assertReachable(server.url, 'modifier')).resolves.toBeUndefined();
  });
});
