import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const generators = {
  pnpm: { tool: 'pnpm@9', bin: 'pnpm', args: ['install', '--lockfile-only'], lockfile: 'pnpm-lock.yaml' },
  yarn: {
    tool: 'yarn@1',
    bin: 'yarn',
    args: ['install', '--ignore-scripts', '--no-progress'],
    lockfile: 'yarn.lock',
  },
  'yarn-berry': {
    tool: '@yarnpkg/cli-dist@4',
    bin: 'yarn',
    args: ['install', '--mode=update-lockfile'],
    lockfile: 'yarn.lock',
  },
};

/** The lockfile real pnpm or yarn writes for `packageJson`, the tool installed with npm from the registry. */
export async function generateLockfile(
  manager: keyof typeof generators,
  packageJson: string,
): Promise<string> {
  const { tool, bin, args, lockfile } = generators[manager];
  const dir = await mkdtemp(join(tmpdir(), `lf-lockfile-${manager}-`));
  try {
    await execa('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', 'tools', tool], {
      cwd: dir,
    });
    await writeFile(join(dir, 'package.json'), packageJson);
    await execa(join(dir, 'tools/node_modules/.bin', bin), args, {
      cwd: dir,
      env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_TELEMETRY: '0' },
    });
    return await readFile(join(dir, lockfile), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
