import Docker from 'dockerode';
import { LegoError } from '../errors.js';
import { ensureDaemon } from './docker-daemon.js';

/**
 * For test files that need a Docker daemon: true when one answers. Without one the file's docker suites
 * skip with a warning on a developer machine, but under `CI=true` a missing daemon is an error (the file
 * fails, it does not skip), so CI cannot pass green without having run them.
 */
export async function dockerForTests(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  docker: Docker = new Docker(),
): Promise<boolean> {
  try {
    await ensureDaemon(docker, 5000);
    return true;
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    if (env['CI'] === 'true')
      throw new LegoError(
        'sandbox_unavailable',
        `${file}: CI=true and no Docker daemon answers, so its docker tests cannot run: ${why}`,
        { cause: err },
      );
    console.warn(`${file}: no Docker daemon answers; its docker tests are skipped`);
    return false;
  }
}
