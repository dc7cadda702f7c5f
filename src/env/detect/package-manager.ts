import { readIfExists } from './manifest.js';
import { typescriptPin } from './node-typescript-pin.js';

/** How a JavaScript project's dependencies are installed, chosen from its lockfile. */
export interface PackageManager {
  name: 'npm' | 'yarn' | 'yarn-berry' | 'pnpm';
  /** The lockfile it was chosen from (and config files that change the install), copied with package.json. */
  files: string[];
  install: string[];
}

/** Where yarn and pnpm are installed with npm, inside the environment's dependency directory. */
export const TOOLS_DIR = '.lf-tools';

interface Manifest {
  packageManager?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** `yarn@4.1.0+sha512…` → [yarn, 4.1.0]. */
function declared(pkg: Manifest): [string, string] | undefined {
  const match =
    typeof pkg.packageManager === 'string' && /^(npm|yarn|pnpm)@([\w.-]+)/.exec(pkg.packageManager);
  return match ? [match[1] ?? '', match[2] ?? ''] : undefined;
}

const toolInstall = (spec: string) =>
  `npm install --no-audit --no-fund --no-save --prefix ${TOOLS_DIR} ${spec}`;
const tool = (bin: string) => `${TOOLS_DIR}/node_modules/.bin/${bin}`;

/** pnpm's major from the lockfile format: 9.0 is pnpm 9 (and 10), 6.x pnpm 8, 5.4 pnpm 7. */
function pnpmFor(lockfile: string): string {
  const format = /^lockfileVersion:\s*'?([\d.]+)/m.exec(lockfile)?.[1] ?? '9.0';
  const major = Number(format.split('.')[0]);
  return major >= 9 ? '9' : major >= 6 ? '8' : '7';
}

/** yarn berry's major from the lockfile's `__metadata.version`: 8 is yarn 4, 6 yarn 3, 4 yarn 2. */
function berryFor(lockfile: string): string {
  const format = Number(/__metadata:\s*\n\s*version:\s*(\d+)/.exec(lockfile)?.[1] ?? 8);
  return format >= 8 ? '4' : format >= 5 ? '3' : '2';
}

/**
 * npm for `package-lock.json`/`npm-shrinkwrap.json` or no lockfile (then TypeScript is held to the minor
 * out at the commit, see node-typescript-pin.ts); yarn classic for `yarn.lock`, berry
 * when `.yarnrc.yml` or `packageManager` says yarn 2+; pnpm for `pnpm-lock.yaml`. Every install is
 * frozen to its lockfile. yarn and pnpm are installed with npm from the configured registry, at the
 * version `packageManager` names or the lockfile's format implies; berry links a plain `node_modules`.
 */
export async function packageManager(
  repoDir: string,
  files: string[],
  pkg: Manifest,
): Promise<PackageManager> {
  const [want, version] = declared(pkg) ?? [];
  if (files.includes('pnpm-lock.yaml') && want !== 'yarn' && want !== 'npm') {
    const lock = (await readIfExists(repoDir, 'pnpm-lock.yaml')) ?? '';
    return {
      name: 'pnpm',
      files: ['pnpm-lock.yaml', ...files.filter((f) => f === 'pnpm-workspace.yaml' || f === '.npmrc')],
      install: [
        toolInstall(`pnpm@${want === 'pnpm' ? version : pnpmFor(lock)}`),
        `${tool('pnpm')} install --frozen-lockfile`,
      ],
    };
  }
  if (files.includes('yarn.lock') && want !== 'pnpm' && want !== 'npm') {
    const lock = (await readIfExists(repoDir, 'yarn.lock')) ?? '';
    const berry =
      files.includes('.yarnrc.yml') ||
      (want === 'yarn' && !version?.startsWith('1.')) ||
      lock.includes('__metadata:');
    if (!berry) {
      return {
        name: 'yarn',
        files: ['yarn.lock', ...files.filter((f) => f === '.yarnrc')],
        install: [
          toolInstall(`yarn@${want === 'yarn' ? version : '1'}`),
          `${tool('yarn')} install --frozen-lockfile --non-interactive`,
        ],
      };
    }
    const release = want === 'yarn' ? version : berryFor(lock);
    return {
      name: 'yarn-berry',
      files: ['yarn.lock', ...files.filter((f) => f === '.yarnrc.yml')],
      install: [
        toolInstall(`@yarnpkg/cli-dist@${release}`),
        `YARN_IGNORE_PATH=1 YARN_NODE_LINKER=node-modules ${tool('yarn')} install --immutable`,
      ],
    };
  }
  const lockfiles = ['package-lock.json', 'npm-shrinkwrap.json'].filter((f) => files.includes(f));
  if (lockfiles.length > 0)
    return { name: 'npm', files: lockfiles, install: ['npm ci --no-audit --no-fund'] };
  const pin = await typescriptPin(repoDir, pkg);
  return { name: 'npm', files: [], install: [...(pin ? [pin] : []), 'npm install --no-audit --no-fund'] };
}
