import { LegoError } from '../../errors.js';
import { bubblewrapWorks, type ProviderName } from '../../sandbox/index.js';

/**
 * Refuses to run model-written commands on the local sandbox without bubblewrap, unless the caller
 * accepted the risk (`--unsafe-local`). Returns a line saying how commands will be confined.
 */
export async function checkIsolation(
  sandbox: ProviderName,
  unsafeLocal: boolean,
  bubblewrap: () => Promise<boolean> = bubblewrapWorks,
): Promise<string> {
  if (sandbox === 'docker') return 'commands run in docker containers without network';
  if (await bubblewrap())
    return 'commands run under bubblewrap: no network, only the workspace and a temp dir writable';
  if (unsafeLocal)
    return 'WARNING: bubblewrap does not work here; commands run unconfined on this host (--unsafe-local)';
  throw new LegoError(
    'sandbox_unavailable',
    'the local sandbox needs bubblewrap (bwrap) to confine model-written commands, and it is missing or cannot ' +
      'create namespaces here, so those commands would run on this host with its network and files. Install ' +
      'bubblewrap, use --sandbox docker, or pass --unsafe-local to accept the risk.',
  );
}
