/**
 * Git config entries as `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_n` / `GIT_CONFIG_VALUE_n` variables, after
 * the entries `env` already holds, so that every git run with them sees the entries as config.
 */
export function gitConfigEnv(
  entries: [key: string, value: string][],
  env: Record<string, string | undefined> = {},
): Record<string, string> {
  const first = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  const vars: Record<string, string> = { GIT_CONFIG_COUNT: String(first + entries.length) };
  entries.forEach(([key, value], i) => {
    vars[`GIT_CONFIG_KEY_${first + i}`] = key;
    vars[`GIT_CONFIG_VALUE_${first + i}`] = value;
  });
  return vars;
}
