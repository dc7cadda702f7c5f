import { lookup as dnsLookup } from 'node:dns/promises';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** Where pip finds packages during environment builds. */
export interface PipOptions {
  indexUrl?: string;
  extraIndexUrls?: string[];
  /** Directories (or URLs) of wheels. */
  findLinks?: string[];
  /** How often pip retries a failed connection (pip's default is 5). */
  retries?: number;
}

/** Environment variables that make pip use these indexes (they override pip's config files). */
export function pipEnv(pip: PipOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (pip.indexUrl) env.PIP_INDEX_URL = pip.indexUrl;
  if (pip.extraIndexUrls?.length) env.PIP_EXTRA_INDEX_URL = pip.extraIndexUrls.join(' ');
  if (pip.findLinks?.length) env.PIP_FIND_LINKS = pip.findLinks.join(' ');
  if (pip.retries !== undefined) env.PIP_RETRIES = String(pip.retries);
  return env;
}

function localPath(location: string): string | undefined {
  if (location.startsWith('file://')) return fileURLToPath(location);
  return location.startsWith('/') ? location : undefined;
}

/**
 * Host directories a container needs to read these indexes: each local index (with its parent when it is a
 * `simple/` directory, since such indexes link to `../files`-style siblings) and each local find-links dir.
 */
export function pipMountPaths(pip: PipOptions): string[] {
  const indexes = [pip.indexUrl, ...(pip.extraIndexUrls ?? [])].flatMap((url) =>
    url ? [localPath(url)] : [],
  );
  const dirs = [
    ...indexes.map((path) => (path && basename(path) === 'simple' ? dirname(path) : path)),
    ...(pip.findLinks ?? []).map(localPath),
  ].filter((path): path is string => path !== undefined);
  const unique = [...new Set(dirs.map((path) => path.replace(/\/+$/, '')))];
  return unique.filter((path) => !unique.some((other) => other !== path && path.startsWith(`${other}/`)));
}

const CONFIG_KEYS = {
  indexUrl: 'index-url',
  extraIndexUrls: 'extra-index-url',
  findLinks: 'find-links',
  retries: 'retries',
};

function configValue(lines: Map<string, string>, key: string): string | undefined {
  return [':env:', 'install', 'global']
    .map((scope) => lines.get(`${scope}.${key}`))
    .find((v) => v !== undefined);
}

/** Parses `pip config list` output; environment values win over `[install]`, which wins over `[global]`. */
export function parsePipConfig(text: string): PipOptions {
  const lines = new Map(
    [...text.matchAll(/^([^=\s]+)=(['"]?)(.*)\2$/gm)].map((match) => [match[1] ?? '', match[3] ?? '']),
  );
  const words = (key: string) => configValue(lines, key)?.split(/\s+/).filter(Boolean);
  const pip: PipOptions = {};
  const indexUrl = configValue(lines, CONFIG_KEYS.indexUrl);
  if (indexUrl) pip.indexUrl = indexUrl;
  const extra = words(CONFIG_KEYS.extraIndexUrls);
  if (extra?.length) pip.extraIndexUrls = extra;
  const findLinks = words(CONFIG_KEYS.findLinks);
  if (findLinks?.length) pip.findLinks = findLinks;
  const retries = Number(configValue(lines, CONFIG_KEYS.retries));
  if (Number.isInteger(retries)) pip.retries = retries;
  return pip;
}

/** Whether a host name resolves within `timeoutMs`. */
export async function resolves(host: string, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const lookup = dnsLookup(host).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The package indexes the host's pip is configured with (`pip config list`); empty when pip is absent.
 * When PyPI is the main index but its host does not resolve (an offline machine with local indexes),
 * `retries` is 0 unless configured, so pip skips PyPI at once instead of retrying it for every package.
 */
export async function hostPipIndexes(python = 'python3'): Promise<PipOptions> {
  const result = await execa(python, ['-m', 'pip', 'config', 'list'], { reject: false, stdin: 'ignore' });
  const pip = result.exitCode === 0 ? parsePipConfig(result.stdout) : {};
  if (pip.indexUrl === undefined && pip.retries === undefined && !(await resolves('pypi.org')))
    pip.retries = 0;
  return pip;
}
