import type { Sandbox, SandboxProvider } from './sandbox.js';

/** A provider that remembers its open sandboxes, so an interrupt can close them all. */
export interface TrackingProvider extends SandboxProvider {
  /** Closes every sandbox this provider opened and has not closed yet. */
  closeAll(): Promise<void>;
}

/** The open sandboxes of one provider. */
export class OpenSandboxes {
  private readonly open = new Set<Sandbox>();

  add(sandbox: Sandbox): void {
    this.open.add(sandbox);
  }

  delete(sandbox: Sandbox): void {
    this.open.delete(sandbox);
  }

  /** Closes them all; one failing close does not stop the others. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((sandbox) => sandbox.close()));
  }
}
