import type { RepairRule } from './rule.js';

/** Packages whose install script downloads a browser or binary from a host other than the registry, and the variable that skips it. */
const SKIPS: Readonly<Record<string, string>> = {
  puppeteer: 'PUPPETEER_SKIP_DOWNLOAD=1',
  cypress: 'CYPRESS_INSTALL_BINARY=0',
  electron: 'ELECTRON_SKIP_BINARY_DOWNLOAD=1',
  playwright: 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1',
  'playwright-core': 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1',
  '@playwright/test': 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1',
};

// npm: `npm error path …/node_modules/puppeteer`; yarn: `error …/node_modules/puppeteer: Command failed`;
// pnpm: `node_modules/.pnpm/puppeteer@16.2.0/node_modules/puppeteer: Running postinstall script, failed`
const FAILED_SCRIPT = /(?:error|ERR|failed|Failed).*node_modules\/((?:@[\w.-]+\/)?[\w.-]+)(?::|\s*$)/;

/**
 * A dependency's install script that downloads a browser or binary (puppeteer's Chromium, cypress,
 * electron, playwright) fails where only the package registry is reachable; the tests rarely need the
 * download (yargs-parser's browser tests, measured in bench/env-success): skip it with the package's own
 * variable.
 */
export const installDownload: RepairRule = {
  summary: "a dependency's install script downloads a browser or binary: skip it with its variable",
  phases: ['build'],
  match({ log }) {
    for (const line of log.split('\n')) {
      const name = FAILED_SCRIPT.exec(line)?.[1];
      if (name && SKIPS[name]) return { line: line.trim(), subject: SKIPS[name] };
    }
    return undefined;
  },
  edit(spec, { subject }) {
    const exported = `export ${subject}`;
    if (spec.install.includes(exported)) return undefined;
    return { ...spec, install: [exported, ...spec.install] };
  },
};
