import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** A path as a pipeline file's author reads it: `stages.validate.from[0]`. */
export function formatPath(path: Path): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/**
 * The issues of a union, from the branch the input was meant for: the one whose issues lie deepest
 * (a wrong type at the union's own path means the input was not of that branch's shape at all).
 */
function unionBranch(issue: Issue & { code: 'invalid_union' }): Issue[] | undefined {
  const branches = issue.errors.filter((b) => b.length > 0);
  const depth = (b: Issue[]) =>
    Math.max(...b.map((i) => (i.code === 'invalid_type' && i.path.length === 0 ? -1 : i.path.length)));
  const best = [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
  return best && depth(best) >= 0 ? best : undefined;
}

function flatten(issues: readonly Issue[], prefix: Path, input: unknown): { path: Path; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const branch = unionBranch(issue);
      if (branch) return flatten(branch, path, input);
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const given = JSON.stringify(valueAt(input, path));
        return [
          { path, message: `unknown ${String(path.at(-1))} ${given}; choose one of: ${options.join(', ')}` },
        ];
      }
    }
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...path, key],
        message:
          key === 'api_key'
            ? 'unknown key (name the variable holding the key in api_key_env; never write the key)'
            : 'unknown key',
      }));
    return [{ path, message: issue.message }];
  });
}

function valueAt(input: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );
}

/** One line per problem, `path: message`, the path from the file's root (`input` is what was parsed). */
export function formatIssues(issues: readonly Issue[], input: unknown, prefix: Path = []): string[] {
  return flatten(issues, prefix, input).map(({ path, message }) =>
    path.length ? `${formatPath(path)}: ${message}` : message,
  );
}
