import { LegoError } from '../errors.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { shellQuote } from './shell.js';

/** A saved state of some working-tree paths that can be put back any number of times. */
export interface PathSnapshot {
  restore(): Promise<void>;
}

/** Saves the existing paths in a tar and lists the missing parent directories a try may create. */
const saveScript = `set -e
: > "$dirs"
existing=()
while IFS= read -r -d '' p; do
  if [ -e "$p" ] || [ -L "$p" ]; then existing+=("$p"); fi
  d=$(dirname -- "$p")
  while [ "$d" != . ] && [ ! -e "$d" ]; do printf '%s\\0' "$d" >> "$dirs"; d=$(dirname -- "$d"); done
done < "$list"
if ((\${#existing[@]})); then
  printf '%s\\0' "\${existing[@]}" | tar --null --no-recursion -cf "$archive" -T -
else
  tar -cf "$archive" -T /dev/null
fi`;

/** Removes every listed path, unpacks the saved ones, and removes directories that did not exist. */
const restoreScript = `set -e
while IFS= read -r -d '' p; do
  if [ -L "$p" ] || [ ! -d "$p" ]; then rm -f -- "$p"; fi
done < "$list"
tar -xpf "$archive"
sort -zru "$dirs" | while IFS= read -r -d '' d; do rmdir -- "$d" 2>/dev/null || true; done`;

/** Whether a patch path stays inside the working tree (patch tools refuse the others anyway). */
function insideTree(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\0') && !path.split('/').includes('..');
}

async function run(sandbox: Sandbox, script: string, files: string, what: string): Promise<void> {
  const result = await sandbox.exec(`${files}\n${script}`, { timeoutMs: 5 * 60_000 });
  if (result.exitCode !== 0) {
    throw new LegoError(
      'sandbox_failed',
      `could not ${what} the working tree before patching: ${result.output.trim()}`,
    );
  }
}

/**
 * Saves `paths` (relative to the workdir) so that `restore()` puts back exactly their contents, modes
 * and absence, and removes directories created under them since. `scratch` is a path prefix for the
 * snapshot's own files in the sandbox's temp directory.
 */
export async function snapshotPaths(
  sandbox: Sandbox,
  paths: string[],
  scratch: string,
): Promise<PathSnapshot> {
  const list = `${scratch}.paths`;
  await sandbox.writeFile(
    list,
    paths
      .filter(insideTree)
      .map((path) => `${path}\0`)
      .join(''),
  );
  const files = `list=${shellQuote(list)} archive=${shellQuote(`${scratch}.tar`)} dirs=${shellQuote(`${scratch}.dirs`)}`;
  await run(sandbox, saveScript, files, 'save');
  return { restore: () => run(sandbox, restoreScript, files, 'restore') };
}
