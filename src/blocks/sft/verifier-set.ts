import { join } from 'node:path';
import { BlockWriter, type Spill } from './files.js';

/**
 * How the verifier set treats unequal YES and NO counts: `downsample` keeps an equal number of each
 * (the larger class chosen by a stable hash), `weight` adds `sample_weight` so both classes weigh the same
 * in total, `none` keeps everything as is.
 */
export type VerifierBalance = 'downsample' | 'weight' | 'none';

export interface VerifierEntry {
  yes: boolean;
  /** A stable pseudo-random rank, for choosing which of the larger class to keep. */
  rank: number;
}

function chosen(entries: VerifierEntry[], balance: VerifierBalance): number[] {
  const all = entries.map((_, i) => i);
  if (balance !== 'downsample') return all;
  const yes = all.filter((i) => entries[i]!.yes);
  const no = all.filter((i) => !entries[i]!.yes);
  const n = Math.min(yes.length, no.length);
  const pick = (list: number[]) => [...list].sort((a, b) => entries[a]!.rank - entries[b]!.rank).slice(0, n);
  return [...pick(yes), ...pick(no)].sort((a, b) => a - b);
}

function weighted(line: Buffer, weight: number): Buffer {
  const record = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(`${JSON.stringify({ ...record, sample_weight: weight })}\n`);
}

/** Writes verifier.jsonl from the spilled examples, balanced as asked. */
export async function writeVerifier(
  outDir: string,
  spill: Spill,
  entries: VerifierEntry[],
  balance: VerifierBalance,
): Promise<{ file: string; yes: number; no: number }> {
  const file = 'verifier.jsonl';
  const writer = await BlockWriter.create(join(outDir, file));
  const keep = chosen(entries, balance);
  const yesCount = keep.filter((i) => entries[i]!.yes).length;
  const noCount = keep.length - yesCount;
  for (const index of keep) {
    const line = await spill.read(index);
    if (balance !== 'weight') await writer.write(line);
    else {
      const classSize = entries[index]!.yes ? yesCount : noCount;
      await writer.write(weighted(line, Number((keep.length / (2 * classSize)).toFixed(6))));
    }
  }
  await writer.close();
  return { file, yes: yesCount, no: noCount };
}
