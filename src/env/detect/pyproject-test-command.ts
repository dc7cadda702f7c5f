import { iniValue, toxDeps, toxSetenv } from './ini.js';
import { readPyproject } from './python-project.js';
import { firstPytest, noInstalls, toxLine, type Source } from './pytest-source.js';

type Table = Record<string, unknown>;

const table = (value: unknown): Table =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** A tox 4 TOML command (`["pytest", {replace = "posargs", default = ["tests"]}]`) as a shell line. */
function tomlCommand(command: unknown): string {
  const words = (Array.isArray(command) ? command : []).flatMap((word: unknown) =>
    typeof word === 'string' ? [word] : table(word).replace === 'posargs' ? strings(table(word).default) : [],
  );
  return words.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
}

/** `[tool.tox] legacy_tox_ini`, or tox 4's native `[tool.tox.env_run_base]`, in pyproject.toml. */
export const fromPyprojectTox: Source = async (repoDir) => {
  const tox = table(table((await readPyproject(repoDir))?.tool).tox);
  if (typeof tox.legacy_tox_ini === 'string') {
    const text = tox.legacy_tox_ini;
    const args = firstPytest(iniValue(text, 'testenv', 'commands').map(toxLine));
    if (!args) return undefined;
    const installs = toxDeps(text);
    return { source: 'pyproject.toml [tool.tox] legacy_tox_ini', args, env: toxSetenv(text), installs };
  }
  const base = table(tox.env_run_base);
  const args = firstPytest((Array.isArray(base.commands) ? base.commands : []).map(tomlCommand));
  if (!args) return undefined;
  const env = Object.fromEntries(
    Object.entries(table(base.set_env)).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && !/[{}$]/.test(entry[1]),
    ),
  );
  const requirements = strings(base.deps).filter((dep) => !dep.startsWith('-') && !/[{}]/.test(dep));
  const installs = { ...noInstalls(), requirements, extras: strings(base.extras) };
  return { source: 'pyproject.toml [tool.tox.env_run_base] commands', args, env, installs };
};

/** A hatch environment script that runs pytest (`{args:tests}` as `tests`), with that environment's installs. */
export const fromHatch: Source = async (repoDir) => {
  const envs = table(table(table((await readPyproject(repoDir))?.tool).hatch).envs);
  for (const [name, value] of Object.entries(envs)) {
    const env = table(value);
    for (const [script, command] of Object.entries(table(env.scripts))) {
      const lines = (typeof command === 'string' ? [command] : strings(command)).map((line) =>
        line.replace(/\{args:([^}]*)\}/g, '$1').replace(/\{args\}/g, ''),
      );
      const args = firstPytest(lines);
      if (!args) continue;
      const installs = {
        ...noInstalls(),
        requirements: [...strings(env.dependencies), ...strings(env['extra-dependencies'])].filter(
          (dep) => !/[{}]/.test(dep),
        ),
        extras: strings(env.features),
      };
      return {
        source: `pyproject.toml [tool.hatch.envs.${name}.scripts] ${script}`,
        args,
        env: {},
        installs,
      };
    }
  }
  return undefined;
};
