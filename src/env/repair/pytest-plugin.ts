import { pipInstallLine } from './pip-edit.js';
import { pluginByIniKey, pluginByModule, pluginByOption } from './pytest-plugins.js';
import type { RepairRule } from './rule.js';

const UNRECOGNIZED = /error: unrecognized arguments: (.+)$/;
const PLUGIN_IMPORT = /Error importing plugin "([\w.]+)"|No module named '(pytest_[\w]+|xdist)'/;
const UNKNOWN_INI = /Unknown config option: (\w+)/;

function byOption(options: string): string | undefined {
  for (const option of options.trim().split(/\s+/)) {
    const found = pluginByOption.find(
      ([prefix]) =>
        option === prefix ||
        option.startsWith(`${prefix}=`) ||
        (prefix.endsWith('-') && option.startsWith(prefix)),
    );
    if (found) return found[1];
  }
  return undefined;
}

function byModule(module: string): string {
  const top = module.split('.')[0] ?? module;
  return pluginByModule[top] ?? top.replaceAll('_', '-');
}

/** The plugin distribution a line of a pytest run asks for, if any. */
function wantedPlugin(line: string): string | undefined {
  const options = UNRECOGNIZED.exec(line)?.[1];
  if (options !== undefined) return byOption(options);
  const plugin = PLUGIN_IMPORT.exec(line);
  if (plugin) return byModule(plugin[1] ?? plugin[2] ?? '');
  const key = UNKNOWN_INI.exec(line)?.[1];
  return key === undefined ? undefined : pluginByIniKey[key];
}

/**
 * A pytest plugin the project's configuration relies on is not installed: an option pytest does not
 * know (`addopts = --cov`, `-n auto`), a plugin it cannot import (`-p xdist`, `pytest_plugins`, conftest),
 * an ini key it does not know (`asyncio_mode`). Install the plugin's distribution.
 */
export const pytestPlugin: RepairRule = {
  summary: 'a pytest plugin named in the configuration is not installed: install its distribution',
  phases: ['check'],
  match({ log }) {
    for (const line of log.split('\n')) {
      const distribution = wantedPlugin(line);
      if (distribution) return { line: line.trim(), subject: distribution };
    }
    return undefined;
  },
  edit(spec, { subject }) {
    const command = pipInstallLine(spec, [subject]);
    if (spec.install.includes(command)) return undefined;
    return { ...spec, install: [...spec.install, command] };
  },
};
