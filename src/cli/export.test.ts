import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.js';
import { registerExport } from './export.js';

let runDir: string;
let outDir: string;

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'lf-export-'));
  runDir = join(root, 'run');
  outDir = join(root, 'dataset');
  const store = openRunStore(runDir);
  for (const id of ['a', 'b']) {
    store.record('swegen', id, {
      status: 'done',
      configHash: 'h',
      attempts: 1,
      output: { instance_id: id, n: 1 },
    });
  }
  store.close();
});

function exportCommand(...args: string[]): Promise<Command> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  registerExport(program);
  return program.parseAsync(['node', 'legofactory', 'export', ...args]);
}

describe('legofactory export', () => {
  it('writes the block output as Parquet by default, reconciling the run first', async () => {
    writeFileSync(join(runDir, 'swegen.jsonl'), '{"instance_id":"a","n":1}\n{"inst');
    await exportCommand('--run', runDir, '--block', 'swegen', '--out', outDir);
    const bytes = readFileSync(join(outDir, 'data', 'train-00000-of-00001.parquet'));
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    });
    expect(rows).toEqual([
      { instance_id: 'a', n: 1n },
      { instance_id: 'b', n: 1n },
    ]);
  });

  it('copies the JSONL with --format jsonl and --split', async () => {
    await exportCommand(
      '--run',
      runDir,
      '--block',
      'swegen',
      '--format',
      'jsonl',
      '--split',
      'test',
      '--out',
      outDir,
    );
    expect(readFileSync(join(outDir, 'data', 'test-00000-of-00001.jsonl'), 'utf8')).toBe(
      '{"instance_id":"a","n":1}\n{"instance_id":"b","n":1}\n',
    );
  });

  it('names the known blocks when the block has no items', async () => {
    await expect(exportCommand('--run', runDir, '--block', 'eval', '--out', outDir)).rejects.toThrow(
      `run ${runDir} has no items of block eval (blocks: swegen)`,
    );
  });

  it('rejects a directory that is not a run and an unknown format', async () => {
    await expect(exportCommand('--run', outDir, '--block', 'swegen', '--out', outDir)).rejects.toThrow(
      `${outDir} is not a run directory (it has no state.sqlite)`,
    );
    await expect(
      exportCommand('--run', runDir, '--block', 'swegen', '--format', 'csv', '--out', outDir),
    ).rejects.toThrow(/Allowed choices are parquet, jsonl/);
  });
});
