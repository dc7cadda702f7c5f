/** Milliseconds spent per named step of one item, summed over repeats (`checkout`, `env`, `sandbox`...). */
export type Phases = Record<string, number>;

/** Runs `work`, adding the time it took to `phases[name]` whether it succeeds or throws. */
export async function timed<T>(phases: Phases, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = (phases[name] ?? 0) + performance.now() - started;
  }
}
