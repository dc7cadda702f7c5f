import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { LegoError } from '../../../errors.js';
import { git, gitErrorDetail, tryGit } from '../../../repos/git.js';
import { ensureMirror } from '../../../repos/mirror.js';
import type { TaskInstance } from '../../../schema/instance.js';
import { isSynthetic, materializeSyntheticBase } from '../../../repos/synthetic-base.js';

export interface PublishOptions {
  instances: TaskInstance[];
  /** `owner/name` → local path or URL of the original repositories. */
  repos: Record<string, string>;
  cacheDir: string;
  /** Write one git bundle holding a branch per instance (instances of one repository). */
  bundle?: string;
  /** Fetch a branch per instance into this repository (created bare when missing). */
  branchesTo?: string;
}

export interface PublishResult {
  /** Each published instance's branch and its commit (the instance's base commit). */
  branches: { instance_id: string; branch: string; commit: string }[];
  /** Instances passed over: not synthetic. */
  skipped: { instance_id: string; reason: string }[];
}

/** The branch an instance is published on: its id, which is a valid ref name. */
export function branchOf(instance: TaskInstance): string {
  return `refs/heads/${instance.instance_id}`;
}

async function ensureBareRepo(path: string): Promise<string> {
  const target = resolve(path);
  if ((await tryGit(target, ['rev-parse', '--is-bare-repository'])) !== undefined) return target;
  await mkdir(target, { recursive: true });
  await git(target, ['init', '--bare', '--quiet']);
  return target;
}

/** Fetches each instance's base commit from its mirror into `target` as its branch. */
async function fetchBranches(target: string, instances: TaskInstance[], options: PublishOptions) {
  const branches: PublishResult['branches'] = [];
  for (const instance of instances) {
    const source = options.repos[instance.repo] ?? `https://github.com/${instance.repo}.git`;
    const mirror = await ensureMirror(instance.repo, source, options.cacheDir);
    await materializeSyntheticBase(mirror, instance);
    const branch = branchOf(instance);
    await git(target, ['fetch', '--quiet', '--no-tags', mirror, `+${instance.base_commit}:${branch}`]).catch(
      (err: unknown) => {
        throw new LegoError(
          'repo_unavailable',
          `could not publish ${instance.instance_id}: ${gitErrorDetail(err)}`,
        );
      },
    );
    branches.push({ instance_id: instance.instance_id, branch, commit: instance.base_commit });
  }
  return branches;
}

/**
 * Publishes synthetic instances SWE-smith style: one branch per instance holding its buggy base commit
 * (rebuilt from `source`, without the original history), in a git bundle or a repository.
 */
export async function publishInstances(options: PublishOptions): Promise<PublishResult> {
  if (!options.bundle === !options.branchesTo)
    throw new LegoError('bad_input', 'give exactly one of --bundle FILE and --branches REPO');
  const synthetic = options.instances.filter(isSynthetic);
  const skipped = options.instances
    .filter((instance) => !isSynthetic(instance))
    .map((instance) => ({
      instance_id: instance.instance_id,
      reason: 'not synthetic (its base is a real commit)',
    }));
  if (options.branchesTo)
    return {
      branches: await fetchBranches(await ensureBareRepo(options.branchesTo), synthetic, options),
      skipped,
    };
  const repos = [...new Set(synthetic.map((instance) => instance.repo))];
  if (repos.length > 1)
    throw new LegoError(
      'bad_input',
      `a bundle holds one repository, and the instances come from ${repos.join(', ')}`,
    );
  if (synthetic.length === 0) throw new LegoError('bad_input', 'no synthetic instance to put in the bundle');
  const scratch = await mkdtemp(join(tmpdir(), 'lf-publish-'));
  try {
    await git(scratch, ['init', '--bare', '--quiet']);
    const branches = await fetchBranches(scratch, synthetic, options);
    const bundle = resolve(options.bundle!);
    await mkdir(dirname(bundle), { recursive: true });
    await git(scratch, ['bundle', 'create', '--quiet', bundle, '--branches']);
    return { branches, skipped };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
