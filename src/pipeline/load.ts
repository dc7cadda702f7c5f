import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { LegoError } from '../errors.js';
import { checkGraph } from './dag.js';
import { PipelineFile } from './file.js';
import { formatIssues } from './issues.js';

/** A pipeline file checked in full: its stages in the order they run. */
export interface LoadedPipeline {
  path: string;
  /** The file's directory: relative paths in it are relative to this. */
  baseDir: string;
  file: PipelineFile;
  order: string[];
}

function refuse(path: string, problems: string[]): never {
  throw new LegoError('bad_input', `${path}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** Parses and checks a pipeline file's text: YAML, the schema (each stage's config too), the graph. */
export function parsePipeline(text: string, path: string): { file: PipelineFile; order: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) refuse(path, [`not YAML: ${err.message}`]);
    throw err;
  }
  const parsed = PipelineFile.safeParse(raw);
  if (!parsed.success) refuse(path, formatIssues(parsed.error.issues, raw));
  const file = parsed.data as PipelineFile;
  const { order, problems } = checkGraph(file);
  if (problems.length > 0) refuse(path, problems);
  return { file, order };
}

/** Reads and checks a pipeline file; every problem is reported, with its path in the file, before any work. */
export async function loadPipeline(path: string): Promise<LoadedPipeline> {
  const absolute = resolve(path);
  const text = await readFile(absolute, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new LegoError('bad_input', `cannot read the pipeline file ${path} (${err.code ?? err.message})`);
  });
  return { path: absolute, baseDir: dirname(absolute), ...parsePipeline(text, path) };
}
