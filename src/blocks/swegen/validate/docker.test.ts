import { readFile, rm } from 'node:fs/promises';
import Docker from 'dockerode';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleRepo } from '../../../examples/build.js';
import { mathkit } from '../../../examples/repos/mathkit.js';
import { testPipOptions } from '../../../env/test-fixtures.js';
import { tempDir } from '../../../repos/test-repo.js';
import { mineRepos } from '../mine/run-mine.js';
import { validateCandidates } from './run-validate.js';
import { dockerForTests } from '../../../sandbox/test-docker.js';

const daemonUp = await dockerForTests('swegen/validate/docker.test.ts');

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-validate-docker-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(!daemonUp)('swegen mine + validate on the mathkit example (docker)', () => {
  it(
    'rediscovers the hand-checked instances from history, with the same test lists, and again building nothing',
    { timeout: 900_000 },
    async () => {
      const example = await buildExampleRepo(mathkit, join(root, 'examples'));
      const repos = { [example.repo]: example.path };
      const cacheDir = join(root, 'cache');
      const mined = await mineRepos({
        repos,
        outPath: join(root, 'candidates.jsonl'),
        runDir: join(root, 'mine'),
        cacheDir,
        progress: 'off',
      });
      const validate = (name: string) =>
        validateCandidates({
          candidatesPath: mined.outPath,
          outPath: join(root, `${name}.jsonl`),
          runDir: join(root, name),
          sandbox: 'docker',
          runs: 2,
          timeoutMs: 300_000,
          tasks: { cacheDir, repos, envOverrides: {}, runId: 'swegen-docker-test', pip },
          workers: 2,
          progress: 'off',
        });
      const [pip, docker] = [await testPipOptions(), new Docker()];
      const result = await validate('validate');
      const lists = (i: { base_commit: string; FAIL_TO_PASS: string[]; PASS_TO_PASS: string[] }) => [
        i.base_commit,
        [...i.FAIL_TO_PASS].sort(),
        [...i.PASS_TO_PASS].sort(),
      ];
      const addSlugify = mined.candidates.find((c) => c.problem_statement === 'Add slugify')!;
      const [median, collapse, meanEmpty] = example.instances.map(lists);
      const slugify = [addSlugify.base_commit, ['tests/test_strings.py::test_slugify_simple'], []];
      expect(result.instances.map(lists)).toEqual([median, slugify, collapse, meanEmpty]);
      expect(result.instances.map((i) => i.patch)).toContain(example.instances[0]!.patch);
      expect(result.ledger.stages.map((s) => [s.stage, s.input, s.output])).toEqual([
        ['validate', 4, 4],
        ['gate', 4, 4],
      ]);
      expect(result.records.every((r) => r.runs.nop.length === 2 && r.runs.oracle.length === 2)).toBe(true);

      const envIds = [...new Set(result.instances.map((i) => i.env as string))];
      const envImages = () =>
        Promise.all(envIds.map(async (id) => (await docker.getImage(`legofactory/env:${id}`).inspect()).Id));
      const attempts = async () =>
        (await readFile(join(cacheDir, 'env-ledger', `${example.repo.replace('/', '+')}.jsonl`), 'utf8'))
          .split('\n')
          .filter((line) => line.includes('"kind":"attempt"')).length;
      expect(envIds).not.toHaveLength(0);
      const before = [await envImages(), await attempts()];
      const again = await validate('again');
      expect(again.instances.map(lists)).toEqual(result.instances.map(lists));
      expect([await envImages(), await attempts()]).toEqual(before);
    },
  );
});
