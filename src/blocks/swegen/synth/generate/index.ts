import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Block, BlockContext } from '../../../../block.js';
import { resolveEnvSpec } from '../../../../env/resolve.js';
import { LegoError } from '../../../../errors.js';
import type { ChatClient } from '../../../../llm/types.js';
import { git, tryGit } from '../../../../repos/git.js';
import { describeCheckout } from '../../../../repos/history.js';
import { ensureMirror } from '../../../../repos/mirror.js';
import { prepareWorkspace } from '../../../../repos/workspace.js';
import { envSpecId } from '../../../../schema/env.js';
import { SynthResult } from '../../../../schema/synth.js';
import { fileClassifier } from '../../rules.js';
import { bugFromFiles, type BugOrigin } from '../bug.js';
import { BugSet } from '../bug-set.js';
import { scanFiles, type ScannedFiles } from '../files.js';
import { generateProcedural } from '../procedural.js';
import { jsonl } from '../stages.js';
import { SynthItem, type SynthConfig } from './config.js';
import { addLmBugs } from './lm-bugs.js';
import { preferenceOf, type Preference } from './preference.js';

async function resolveCommit(mirror: string, item: SynthItem): Promise<string> {
  const sha = await tryGit(mirror, ['rev-parse', '--verify', '--quiet', `${item.commit}^{commit}`]);
  if (!sha)
    throw new LegoError(
      'repo_unavailable',
      `${item.repo} has no commit ${item.commit}; check --commit and --repo`,
    );
  return sha;
}

async function addProceduralBugs(
  scanned: ScannedFiles,
  origin: BugOrigin,
  set: BugSet,
  preference: Preference,
  config: SynthConfig,
) {
  const result = await generateProcedural(scanned.sources, {
    seed: config.seed,
    max: config.max,
    preferred: preference.preferred,
    ...(config.transforms ? { transforms: config.transforms } : {}),
  });
  for (const { reason } of result.rejected) set.reject('procedural', reason);
  for (const bug of result.bugs) {
    const recipe = { seed: config.seed, file: bug.file, line: bug.line };
    const made = await bugFromFiles(
      origin,
      { [bug.file]: bug.text },
      {
        strategy: 'procedural',
        transform: bug.transform,
        unit: bug.unit,
        params: recipe,
      },
    );
    set.add(made, 'procedural');
  }
  return result;
}

function lmSettings(config: SynthConfig, client: ChatClient | undefined) {
  if (!config.model || !config.prompts || !client)
    throw new LegoError(
      'bad_input',
      'lm-modify and lm-rewrite need a model endpoint: give --base-url URL and --model NAME (and --api-key-env VAR if it needs a key)',
    );
  const { baseUrl, pricing, sampling } = config.model;
  return { model: { client, baseUrl, pricing, sampling }, prompts: config.prompts };
}

async function generate(
  item: SynthItem,
  ctx: BlockContext<SynthConfig>,
  client?: ChatClient,
): Promise<SynthResult> {
  const started = Date.now();
  const { config } = ctx;
  const mirror = await ensureMirror(item.repo, item.source, config.cacheDir);
  const commit = await resolveCommit(mirror, item);
  const checkout = join(ctx.itemDir, 'checkout');
  await rm(checkout, { recursive: true, force: true });
  const history = config.history ?? 'full';
  ctx.log(describeCheckout(item.repo, commit, await prepareWorkspace(mirror, commit, checkout, { history })));
  try {
    const overrides = new Map(Object.entries(config.envOverrides));
    const spec = await resolveEnvSpec({ instance: { repo: item.repo }, repoDir: checkout, overrides });
    const createdAt = new Date(await git(checkout, ['show', '-s', '--format=%cI', commit])).toISOString();
    const origin: BugOrigin = {
      gitDir: checkout,
      repo: item.repo,
      originalCommit: commit,
      createdAt,
      version: envSpecId(spec),
    };
    const scanned = await scanFiles(checkout, fileClassifier(config.rules));
    const preference = await preferenceOf({ repo: item.repo, commit, language: spec.language }, scanned, ctx);
    const set = new BugSet();
    let sites: Record<string, number> = {};
    let functions = 0;
    if (config.strategies.includes('procedural')) {
      const procedural = await addProceduralBugs(scanned, origin, set, preference, config);
      sites = procedural.sites;
      functions = procedural.functions;
    }
    for (const strategy of (['lm-modify', 'lm-rewrite'] as const).filter((s) =>
      config.strategies.includes(s),
    )) {
      const { model, prompts } = lmSettings(config, client);
      const options = {
        model,
        prompts,
        origin,
        preference,
        seed: config.seed,
        max: config.max,
        concurrency: config.modelConcurrency,
      };
      await addLmBugs(strategy, scanned.sources, set, { ...options, signal: ctx.signal });
    }
    const bugsPath = join(ctx.itemDir, 'bugs.jsonl');
    await writeFile(bugsPath, jsonl(set.bugs));
    await writeFile(join(ctx.itemDir, 'skipped.jsonl'), jsonl(scanned.skipped));
    const skipped: Record<string, number> = {};
    for (const { reason } of scanned.skipped) skipped[reason] = (skipped[reason] ?? 0) + 1;
    ctx.log(`${item.repo}@${commit}: ${set.bugs.length} bugs from ${scanned.sources.length} files`);
    return {
      repo: item.repo,
      commit,
      files: { parsed: scanned.sources.length, skipped },
      functions,
      sites,
      preference: preference.source,
      preference_note: preference.note,
      ...set.counts(),
      bugs_path: bugsPath,
      duration_ms: Date.now() - started,
    };
  } finally {
    await rm(checkout, { recursive: true, force: true });
  }
}

/** The `swegen synth` generation block: one repository at one commit in, its bugs (in the item directory) out. */
export function createSynthBlock(
  deps: { client?: ChatClient } = {},
): Block<SynthItem, SynthResult, SynthConfig> {
  return {
    name: 'swegen-synth',
    version: '1',
    input: SynthItem,
    output: SynthResult,
    key: (item) => `${item.repo}@${item.commit}`,
    run: (item, ctx) => generate(item, ctx, deps.client),
  };
}
