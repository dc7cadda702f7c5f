import { shellQuote } from './shell.js';

/** Saves the existing paths in a tar and lists the missing parent directories a try may create. */
const saveScript = `: > "$dirs"
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
const restoreScript = `while IFS= read -r -d '' p; do
  if [ -L "$p" ] || [ ! -d "$p" ]; then rm -f -- "$p"; fi
done < "$list"
tar -xpf "$archive"
sort -zru "$dirs" | while IFS= read -r -d '' d; do rmdir -- "$d" 2>/dev/null || true; done`;

/** Whether a patch path stays inside the working tree (patch tools refuse the others anyway). */
function insideTree(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\0') && !path.split('/').includes('..');
}

/** Shell functions that save `paths` and put back exactly their contents, modes and absence. */
export interface SnapshotScript {
  /** Defines `lf_save` and `lf_restore`; `scratch` is a path prefix for the snapshot's own files. */
  functions: string;
}

/**
 * A snapshot of working-tree `paths` as shell code run inside the sandbox, so saving and restoring cost
 * no extra round trips: `lf_save` records them, `lf_restore` removes whatever a try wrote under them
 * (directories it created included) and unpacks the saved state.
 */
export function snapshotScript(paths: string[], scratch: string): SnapshotScript {
  const listed = paths.filter(insideTree).map(shellQuote).join(' ');
  const vars = `list=${shellQuote(`${scratch}.paths`)} archive=${shellQuote(`${scratch}.tar`)} dirs=${shellQuote(`${scratch}.dirs`)}`;
  return {
    functions: [
      vars,
      `printf '%s\\0' ${listed} > "$list"`,
      `lf_save() {\n${saveScript}\n}`,
      `lf_restore() {\n${restoreScript}\n}`,
    ].join('\n'),
  };
}
