/** The exported variables and functions a command leaves behind for the next one, as its job saved them. */
export interface SavedState {
  /** `export -p` lines: bash prints one line per variable, quoting newlines in values. */
  vars: string[];
  /** `declare -f` output and the `cd` to the working directory. */
  code: string;
}

/** Splits `export -p` output into its lines. */
export function exportLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

const nameOf = (line: string): string => /^declare -\S+ ([^=]+)/.exec(line)?.[1] ?? '';

/**
 * The shell state between commands, kept as what a job must run to reach it from the environment every
 * sandbox exec starts with: unset the variables the state lacks, declare only the lines that differ, and
 * define the functions. Redeclaring every variable instead costs a job about half a millisecond.
 */
export class StateRestore {
  private script: string | null = null;

  /**
   * @param execNames every variable the exec environment exports (secret-looking ones included)
   * @param base the `export -p` lines of that environment, secret-looking variables left out
   */
  constructor(
    private readonly execNames: string[],
    private readonly base: Set<string>,
    saved: SavedState,
  ) {
    this.update(saved);
  }

  /** Takes a job's saved state; null when the job saved one too large to report, so it is read from disk. */
  update(saved: SavedState | null): void {
    this.script = saved && this.delta(saved);
  }

  /** The restore script, or null when the job must read the state the last command saved on disk. */
  restoreScript(): string | null {
    return this.script;
  }

  private delta(saved: SavedState): string {
    const names = new Set(saved.vars.map(nameOf));
    const unset = this.execNames.filter((name) => !names.has(name));
    const declared = saved.vars.filter((line) => !this.base.has(line));
    return [...(unset.length > 0 ? [`unset ${unset.join(' ')}`] : []), ...declared, saved.code].join('\n');
  }
}
