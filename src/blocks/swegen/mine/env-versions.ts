import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvSpec } from '../../../env/resolve.js';
import { envSpecId } from '../../../schema/env.js';
import { parseTree, type ObjectReader, type TreeEntry } from './objects.js';

const FILE_MODES = new Set(['100644', '100755']);
const DIR_MODES = new Set(['40000', '160000']);

/** The environment detected at one commit: its spec id, or why detection failed. */
export type DetectedEnv = { specId: string } | { error: string };

/** A detection made at some commit, valid wherever the root holds the same names and these blobs. */
interface Known {
  /** Root file name → blob sha it had: the spec's manifest files (every file, for a failed detection). */
  blobs: [string, string][];
  result: DetectedEnv;
}

/**
 * Detects environments at many commits cheaply. Detectors read the repository root only: its file and
 * directory names and the manifest files the spec lists (what environments are cached by). So a commit
 * reuses an earlier detection when its root has the same names and the same blobs for those files; only
 * otherwise is its root materialised from git objects into a scratch directory and detected afresh.
 */
export class EnvVersions {
  private readonly known = new Map<string, Known[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly reader: ObjectReader,
    private readonly repo: string,
    private readonly overrides: ReadonlyMap<string, string>,
  ) {}

  async at(commit: string): Promise<DetectedEnv> {
    const tree = await this.reader.read(`${commit}^{tree}`);
    if (!tree) return { error: `commit ${commit} has no tree in the mirror` };
    const entries = parseTree(tree.content).filter((e) => FILE_MODES.has(e.mode) || DIR_MODES.has(e.mode));
    const names = this.overrides.has(this.repo)
      ? '(override)'
      : entries.map((e) => (DIR_MODES.has(e.mode) ? `${e.name}/` : e.name)).join('\n');
    const next = (this.queues.get(names) ?? Promise.resolve()).then(() => this.lookup(names, entries));
    this.queues.set(
      names,
      next.catch(() => undefined),
    );
    return next;
  }

  private async lookup(names: string, entries: TreeEntry[]): Promise<DetectedEnv> {
    const blobOf = new Map(entries.map((e) => [e.name, e.sha]));
    const known = this.known.get(names) ?? [];
    const hit = known.find((k) => k.blobs.every(([name, sha]) => blobOf.get(name) === sha));
    if (hit) return hit.result;
    const detected = await this.detect(entries);
    const result: DetectedEnv = 'error' in detected ? detected : { specId: detected.specId };
    const files = 'error' in detected ? entries.map((e) => e.name) : detected.manifestFiles;
    known.push({ blobs: files.map((name) => [name, blobOf.get(name) ?? '']), result });
    this.known.set(names, known);
    return result;
  }

  private async detect(
    entries: TreeEntry[],
  ): Promise<{ specId: string; manifestFiles: string[] } | { error: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'lf-mine-root-'));
    try {
      for (const entry of entries) {
        if (DIR_MODES.has(entry.mode)) await mkdir(join(dir, entry.name));
        else await writeFile(join(dir, entry.name), (await this.reader.read(entry.sha))?.content ?? '');
      }
      const spec = await resolveEnvSpec({
        instance: { repo: this.repo },
        repoDir: dir,
        overrides: this.overrides,
      });
      return { specId: envSpecId(spec), manifestFiles: spec.manifest_files };
    } catch (err) {
      return { error: (err as Error).message.replace(dir, '<root>') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
