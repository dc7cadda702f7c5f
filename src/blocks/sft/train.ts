import { join } from 'node:path';
import { execa } from 'execa';
import { LegoError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';

/** `sft train`: runs the Python trainer (trainer/) on a config, alone or under `accelerate launch`. */
export interface SftTrainOptions {
  config: string;
  /** The Python that has the trainer's dependencies (default `python3`). */
  python?: string;
  /** An accelerate config (DeepSpeed ZeRO-3, FSDP, ...): the trainer then runs under `accelerate launch`. */
  accelerateConfig?: string;
  /** Receives each line the trainer prints (default: this process's stdout). */
  onLine?: (line: string) => void;
  /** PYTHONPATH entries to keep after the trainer's own source. */
  pythonPath?: string;
  signal?: AbortSignal;
}

/** The command line that runs the trainer. */
export function trainerCommand(options: SftTrainOptions): { file: string; args: string[] } {
  const python = options.python ?? 'python3';
  const trainer = ['-m', 'legofactory_trainer', '--config', options.config];
  if (!options.accelerateConfig) return { file: python, args: trainer };
  return {
    file: python,
    args: ['-m', 'accelerate.commands.launch', '--config_file', options.accelerateConfig, ...trainer],
  };
}

/** Runs the trainer, streaming its output line by line; fails with the trainer's last words. */
export async function runSftTrain(options: SftTrainOptions): Promise<void> {
  const { file, args } = trainerCommand(options);
  const onLine = options.onLine ?? ((line: string) => console.log(line));
  const source = join(packageRoot(), 'trainer', 'src');
  const child = execa(file, args, {
    env: { PYTHONPATH: [source, options.pythonPath].filter(Boolean).join(':'), PYTHONUNBUFFERED: '1' },
    all: true,
    reject: false,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const tail: string[] = [];
  for await (const line of child.iterable({ from: 'all' })) {
    onLine(line);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  }
  const result = await child;
  if (result.exitCode === 0) return;
  const words = tail.slice(-5).join('\n') || result.shortMessage;
  const missing = /No module named|ModuleNotFoundError|ENOENT/.test(`${words}\n${result.shortMessage}`);
  const advice = missing ? `. Install the trainer with: pip install ${join(packageRoot(), 'trainer')}` : '';
  throw new LegoError(
    'internal',
    `the trainer exited with ${result.exitCode ?? result.signal}: ${words}${advice}`,
  );
}
