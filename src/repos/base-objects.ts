import { LegoError } from '../errors.js';
import { git, tryGit } from './git.js';
import { repoOfMirror } from './mirror.js';

const fetchBatch = 500;
const hydrationRounds = 4;

/** The objects of `sha`'s own commit, tree and files that the mirror lacks; never fetches lazily. */
async function missingObjects(mirror: string, sha: string): Promise<string[]> {
  const listed = await git(mirror, ['rev-list', '--objects', '--no-walk', '--missing=print', sha]);
  return listed
    .split('\n')
    .filter((line) => line.startsWith('?'))
    .map((line) => line.slice(1).trim());
}

async function promisorRemote(mirror: string): Promise<string | undefined> {
  const found = await tryGit(mirror, ['config', '--get-regexp', '^remote\\..*\\.promisor$']);
  const line = found?.split('\n').find((entry) => entry.endsWith(' true'));
  return line?.replace(/^remote\.(.*)\.promisor true$/, '$1');
}

async function fetchFromPromisor(mirror: string, remote: string, oids: string[]): Promise<void> {
  for (let i = 0; i < oids.length; i += fetchBatch) {
    const batch = oids.slice(i, i + fetchBatch);
    await tryGit(mirror, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, ...batch]);
  }
}

async function pathsOf(mirror: string, sha: string, oids: string[]): Promise<string[]> {
  const tree = (await tryGit(mirror, ['ls-tree', '-r', '-t', '--full-tree', sha])) ?? '';
  const paths = new Map(
    tree.split('\n').map((line) => {
      const [meta = '', path = ''] = line.split('\t');
      return [meta.split(' ')[2], path] as const;
    }),
  );
  return oids.map((oid) => (paths.get(oid) ? `${oid} (${paths.get(oid)})` : oid));
}

/**
 * Makes sure the mirror holds every object of `sha`'s own tree, the least any checkout needs. A partial
 * mirror fetches the missing ones from its promisor remote; what is still missing is a `repo_unavailable`
 * error naming the objects and their paths.
 */
export async function ensureBaseObjects(mirror: string, sha: string): Promise<void> {
  let missing = await missingObjects(mirror, sha);
  const remote = missing.length > 0 ? await promisorRemote(mirror) : undefined;
  // A fetched tree can reveal files it lacks, so the promisor is asked again while that makes progress.
  for (let round = 0; remote && missing.length > 0 && round < hydrationRounds; round++) {
    await fetchFromPromisor(mirror, remote, missing);
    const still = await missingObjects(mirror, sha);
    if (still.join() === missing.join()) break;
    missing = still;
  }
  if (missing.length === 0) return;
  const named = await pathsOf(mirror, sha, missing.slice(0, 5));
  const more = missing.length > named.length ? ` and ${missing.length - named.length} more` : '';
  throw new LegoError(
    'repo_unavailable',
    `${repoOfMirror(mirror)}@${sha}: the mirror ${mirror} lacks ${missing.length} object(s) of the base ` +
      `commit itself: ${named.join(', ')}${more}. A checkout needs every file of the base commit; give a ` +
      '--repo source that holds them (a full clone, or a partial clone whose promisor remote is reachable).',
  );
}
