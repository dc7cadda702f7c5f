import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The LegoFactory cache: $LEGOFACTORY_CACHE, else $XDG_CACHE_HOME/legofactory, else
 * ~/.cache/legofactory. Mirrors, environments, example repositories and work directories live here,
 * never in the directory the user stands in.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return env['LEGOFACTORY_CACHE'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'legofactory');
}
