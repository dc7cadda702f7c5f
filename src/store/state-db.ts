import Database from 'better-sqlite3';

export type ItemStatus = 'done' | 'failed';

/** One row of the item-state table; `output` is the exact JSON text of the block's output line. */
export interface ItemRow {
  block: string;
  key: string;
  config_hash: string;
  /** sha256 of the item's canonical JSON; null on rows written before digests were kept. */
  input_digest: string | null;
  status: ItemStatus;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  output: string | null;
  seq: number;
  updated_at: string;
}

export type NewItemRow = Omit<ItemRow, 'seq' | 'updated_at'>;

/** The config a block's items are computed under: its version, config hash and canonical config JSON. */
export interface ConfigRow {
  block: string;
  version: string;
  config_hash: string;
  config: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS items (
    block TEXT NOT NULL,
    key TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    attempts INTEGER NOT NULL,
    error_code TEXT,
    error_message TEXT,
    output TEXT,
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    input_digest TEXT,
    PRIMARY KEY (block, key)
  );
  CREATE INDEX IF NOT EXISTS items_by_seq ON items (block, status, seq);
  CREATE TABLE IF NOT EXISTS blocks (name TEXT PRIMARY KEY);
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS configs (
    block TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    config TEXT NOT NULL
  );
`;

/**
 * Run directories made before input digests were kept have no `input_digest` column: it is added, and
 * their rows keep a null digest, which counts as done for the key and config hash (nothing recomputes).
 */
function addInputDigestColumn(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(items)').all();
  if (!columns.some((column) => column.name === 'input_digest'))
    db.exec('ALTER TABLE items ADD COLUMN input_digest TEXT');
}

/** The item-state table of a run directory: every write is one committed transaction. */
export class StateDb {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(schema);
    addInputDigestColumn(this.db);
    this.statements = {
      get: this.db.prepare<[string, string], ItemRow>('SELECT * FROM items WHERE block = ? AND key = ?'),
      all: this.db.prepare<[string], ItemRow>('SELECT * FROM items WHERE block = ? ORDER BY seq'),
      doneOutputs: this.db.prepare<[string], { output: string }>(
        "SELECT output FROM items WHERE block = ? AND status = 'done' ORDER BY seq",
      ),
      blocks: this.db.prepare<[], { name: string }>('SELECT name FROM blocks ORDER BY name'),
      addBlock: this.db.prepare('INSERT OR IGNORE INTO blocks (name) VALUES (?)'),
      nextSeq: this.db.prepare<[], { value: number }>(
        "INSERT INTO counters (name, value) VALUES ('seq', 1) " +
          'ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
      ),
      upsert: this.db.prepare<ItemRow>(
        'INSERT OR REPLACE INTO items (block, key, config_hash, input_digest, status, attempts, ' +
          'error_code, error_message, output, seq, updated_at) VALUES (@block, @key, @config_hash, ' +
          '@input_digest, @status, @attempts, @error_code, @error_message, @output, @seq, @updated_at)',
      ),
      doneHashes: this.db.prepare<[string], { config_hash: string }>(
        "SELECT DISTINCT config_hash FROM items WHERE block = ? AND status = 'done'",
      ),
      config: this.db.prepare<[string], ConfigRow>('SELECT * FROM configs WHERE block = ?'),
      setConfig: this.db.prepare<ConfigRow>(
        'INSERT OR REPLACE INTO configs VALUES (@block, @version, @config_hash, @config)',
      ),
    };
  }

  get(block: string, key: string): ItemRow | undefined {
    return this.statements.get.get(block, key);
  }

  all(block: string): ItemRow[] {
    return this.statements.all.all(block);
  }

  /** The output JSON text of every done item of a block, in commit (`seq`) order. */
  doneOutputs(block: string): IterableIterator<{ output: string }> {
    return this.statements.doneOutputs.iterate(block);
  }

  blocks(): string[] {
    return this.statements.blocks.all().map((row) => row.name);
  }

  /** Inserts or replaces a row under the next sequence number, in one committed transaction. */
  write(row: NewItemRow): ItemRow {
    return this.db.transaction(() => {
      this.statements.addBlock.run(row.block);
      const seq = this.statements.nextSeq.get()?.value ?? 1;
      const full: ItemRow = { ...row, seq, updated_at: new Date().toISOString() };
      this.statements.upsert.run(full);
      return full;
    })();
  }

  /** The distinct config hashes of a block's done rows. */
  doneHashes(block: string): string[] {
    return this.statements.doneHashes.all(block).map((row) => row.config_hash);
  }

  config(block: string): ConfigRow | undefined {
    return this.statements.config.get(block);
  }

  setConfig(row: ConfigRow): void {
    this.statements.setConfig.run(row);
  }

  close(): void {
    this.db.close();
  }
}
