import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runPaths } from '../store/paths.js';

/** One namespace of a stage's run store, read without taking its writer lock. */
export interface StoreNamespace {
  name: string;
  version: string;
  config_hash: string;
  done: number;
  failed: number;
  /** Failed items by error code. */
  failures: Record<string, number>;
}

/**
 * Where a stage's run store is: `<dir>/run` for most stages, `<dir>` itself for trajgen, `<dir>.run` for
 * the reduce stages (their output directory stays exactly the output), `<dir>/<file>.run` for the verifier.
 */
export function stageStoreDir(dir: string): string | undefined {
  const beside = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.run')) : [];
  return [join(dir, 'run'), dir, `${dir}.run`, ...beside.map((name) => join(dir, name))].find((d) =>
    existsSync(runPaths.state(d)),
  );
}

/** Every namespace the stage's store recorded a config for, with its item counts, in recorded order. */
export function readStageStore(dir: string): StoreNamespace[] {
  const storeDir = stageStoreDir(dir);
  if (!storeDir) return [];
  const db = new Database(runPaths.state(storeDir), { readonly: true, fileMustExist: true });
  try {
    const configs = db.prepare('SELECT block, version, config_hash FROM configs ORDER BY rowid').all() as {
      block: string;
      version: string;
      config_hash: string;
    }[];
    const counts = db.prepare(
      'SELECT status, error_code, COUNT(*) AS n FROM items WHERE block = ? GROUP BY status, error_code',
    );
    return configs.map(({ block, version, config_hash }) => {
      const rows = counts.all(block) as { status: string; error_code: string | null; n: number }[];
      const failures: Record<string, number> = {};
      for (const row of rows) if (row.status === 'failed') failures[row.error_code ?? 'unknown'] = row.n;
      const total = (status: string) => rows.filter((r) => r.status === status).reduce((s, r) => s + r.n, 0);
      return { name: block, version, config_hash, done: total('done'), failed: total('failed'), failures };
    });
  } finally {
    db.close();
  }
}

/**
 * The namespace that is the stage's own work: the one named like its block kind, else the first recorded
 * (a validate store also holds its gate's `eval`).
 */
export function mainNamespace(dir: string, block: string): StoreNamespace | undefined {
  const namespaces = readStageStore(dir);
  return namespaces.find((n) => n.name === block) ?? namespaces[0];
}
