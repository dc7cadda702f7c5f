import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { LegoError } from '../errors.js';
import { exportParquet, type ParquetExportOptions } from './parquet.js';
import { runPaths } from './paths.js';
import { openRunStore } from './run-store.js';

/** Copies a block's JSONL to `outDir/data/<split>-00000-of-00001.jsonl`; returns the file's path. */
export async function exportJsonl(
  jsonlPath: string,
  outDir: string,
  options: ParquetExportOptions = {},
): Promise<string> {
  const path = join(outDir, 'data', `${options.split ?? 'train'}-00000-of-00001.jsonl`);
  mkdirSync(join(outDir, 'data'), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  copyFileSync(jsonlPath, temp);
  renameSync(temp, path);
  return path;
}

/** Dataset exporters by format name, as `legofactory export --format` takes them. */
export const exporters = { parquet: exportParquet, jsonl: exportJsonl };
export type ExportFormat = keyof typeof exporters;

export interface ExportRunOptions {
  block: string;
  format: ExportFormat;
  outDir: string;
  split?: string;
}

/** Exports one block's output from a run directory (reconciled first) in the Hugging Face datasets layout. */
export async function exportRun(runDir: string, options: ExportRunOptions): Promise<string> {
  if (!existsSync(runPaths.state(runDir))) {
    throw new LegoError('bad_input', `${runDir} is not a run directory (it has no state.sqlite)`);
  }
  const store = openRunStore(runDir);
  try {
    const blocks = store.blocks();
    if (!blocks.includes(options.block)) {
      const known = blocks.length > 0 ? blocks.join(', ') : 'none';
      throw new LegoError(
        'bad_input',
        `run ${runDir} has no items of block ${options.block} (blocks: ${known})`,
      );
    }
    const split = options.split === undefined ? {} : { split: options.split };
    return await exporters[options.format](store.outputPath(options.block), options.outDir, split);
  } finally {
    store.close();
  }
}
