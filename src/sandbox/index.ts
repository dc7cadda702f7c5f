import { dockerProvider } from './docker.js';
import { localProvider } from './local.js';

export { dockerProvider, DockerSandbox, dockerWorkdir } from './docker.js';
export type { DockerProvider, DockerProviderOptions } from './docker.js';
export { localProvider, LocalSandbox } from './local.js';
export { envBinDirs } from './local-env.js';
export { bubblewrapWorks } from './bwrap.js';
export type { LocalProviderOptions } from './local.js';
export { ensureDaemon, daemonUnavailable } from './docker-daemon.js';
export { removeOrphans } from './gc.js';
export type { GcOptions, RemovedContainer } from './gc.js';
export { OutputCollector, defaultMaxOutputBytes } from './output.js';
export { defaultLimits, defaultTimeoutMs } from './defaults.js';
export type { TrackingProvider } from './tracking.js';
export type * from './sandbox.js';

/** The sandbox providers by name: `providers[name](options)` returns a SandboxProvider. */
export const providers = { docker: dockerProvider, local: localProvider };

/** A provider's name, as `--sandbox` accepts it. */
export type ProviderName = keyof typeof providers;
