import { Option, type Command } from 'commander';
import { exporters, exportRun, type ExportFormat } from '../store/export.js';

interface ExportFlags {
  run: string;
  block: string;
  format: ExportFormat;
  out: string;
  split: string;
}

/** Adds `legofactory export`: a block's output from a run directory as a Hugging Face dataset. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description("write a block's output from a run directory as a dataset (data/<split>-00000-of-00001.*)")
    .requiredOption('--run <dir>', 'run directory')
    .requiredOption('--block <name>', 'block whose output to export')
    .addOption(
      new Option('--format <format>', 'file format').choices(Object.keys(exporters)).default('parquet'),
    )
    .requiredOption('--out <dir>', 'dataset directory to write')
    .option('--split <name>', 'dataset split name', 'train')
    .action(async (flags: ExportFlags) => {
      const path = await exportRun(flags.run, {
        block: flags.block,
        format: flags.format,
        outDir: flags.out,
        split: flags.split,
      });
      process.stdout.write(`${path}\n`);
    });
}
