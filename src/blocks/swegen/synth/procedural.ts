import { createHash } from 'node:crypto';
import type { SourceFile } from './files.js';
import { dialectOf } from './parse/dialects.js';
import { inventory, type ClassUnit, type FunctionUnit } from './parse/inventory.js';
import { parseSource } from './parse/languages.js';
import { createRng } from './rng.js';
import { applyEdits, type Edit } from './transforms/edits.js';
import { transformNames, transforms, type TransformName } from './transforms/index.js';
import type { Site, Source, Transform } from './transforms/types.js';

/** One procedural bug: the file's new text and where the transform changed it. */
export interface ProceduralBug {
  file: string;
  transform: TransformName;
  /** The function (`Class.method`) or class it changed. */
  unit: string;
  /** 1-based line of the change. */
  line: number;
  text: string;
}

export interface ProceduralOptions {
  seed: number;
  /** The most bugs to return. */
  max: number;
  /** Transforms to use; all by default. */
  transforms?: TransformName[];
  /** Whether the tests exercise a function (`file`, `name`): preferred ones are taken first. */
  preferred?: (file: string, name: string) => boolean;
}

export interface ProceduralResult {
  bugs: ProceduralBug[];
  /** Named functions in the files. */
  functions: number;
  /** Places each transform could change, after gating. */
  sites: Partial<Record<TransformName, number>>;
  /** Places taken but not kept, by transform and reason (`unchanged`, `duplicate`, `syntax_error`). */
  rejected: { transform: TransformName; reason: string }[];
}

interface Planned {
  file: SourceFile;
  transform: TransformName;
  unit: string;
  line: number;
  preferred: boolean;
  edits: Edit[] | null;
}

function passesGate(transform: Transform, unit: FunctionUnit | ClassUnit): boolean {
  if (transform.scope === 'class') return 'methods' in unit && unit.methods.length >= transform.minMethods;
  if (!('complexity' in unit)) return false;
  const { minComplexity, maxComplexity, maxLines } = transform.gate;
  return unit.complexity >= minComplexity && unit.complexity <= maxComplexity && unit.lines <= maxLines;
}

/** Every gated site of a file under each transform, with its edits made (the tree is gone afterwards). */
async function planFile(
  file: SourceFile,
  names: TransformName[],
  options: ProceduralOptions,
): Promise<{ planned: Planned[]; functions: number }> {
  const dialect = dialectOf(file.grammar);
  const source: Source = { text: file.text, dialect };
  const tree = await parseSource(file.grammar, file.text);
  try {
    const units = inventory(tree, dialect);
    const planned: Planned[] = [];
    const isPreferred = (name: string) => options.preferred?.(file.path, name) ?? false;
    for (const name of names) {
      const transform: Transform = transforms[name];
      const targets = transform.scope === 'class' ? units.classes : units.functions;
      for (const unit of targets) {
        if (!passesGate(transform, unit)) continue;
        const label = 'qualifiedName' in unit ? unit.qualifiedName : unit.name;
        const preferred =
          'methods' in unit
            ? unit.methods.some((m) =>
                isPreferred((m.childForFieldName('definition') ?? m).childForFieldName('name')?.text ?? ''),
              )
            : isPreferred(unit.name);
        const sites = (transform.sites as (u: typeof unit, s: Source) => Site[])(unit, source);
        for (const site of sites) {
          const rng = createRng(options.seed, file.path, name, site.node.startIndex, site.node.endIndex);
          const line = site.node.startPosition.row + 1;
          planned.push({ file, transform: name, unit: label, line, preferred, edits: site.edits(rng) });
        }
      }
    }
    return { planned, functions: units.functions.length };
  } finally {
    tree.delete();
  }
}

/** Per transform: shuffled by the seed, preferred sites first; then taken round-robin across transforms. */
function selectionOrder(planned: Planned[], names: TransformName[], seed: number): Planned[] {
  const queues = names.map((name) => {
    const shuffled = createRng(seed, 'order', name).shuffle(planned.filter((p) => p.transform === name));
    return [...shuffled.filter((p) => p.preferred), ...shuffled.filter((p) => !p.preferred)];
  });
  const order: Planned[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round += 1)
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!);
  return order;
}

async function parsesCleanly(file: SourceFile, text: string): Promise<boolean> {
  const tree = await parseSource(file.grammar, text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/**
 * Procedural bugs for a set of source files, deterministic for a seed: every transform's gated sites
 * are planned, then taken round-robin across transforms (functions the tests exercise first) until
 * `max` bugs that change the file, parse, and differ from every bug before them.
 */
export async function generateProcedural(
  files: SourceFile[],
  options: ProceduralOptions,
): Promise<ProceduralResult> {
  const names = options.transforms ?? transformNames;
  const planned: Planned[] = [];
  const result: ProceduralResult = { bugs: [], functions: 0, sites: {}, rejected: [] };
  for (const file of files) {
    const plan = await planFile(file, names, options);
    planned.push(...plan.planned);
    result.functions += plan.functions;
  }
  for (const p of planned) result.sites[p.transform] = (result.sites[p.transform] ?? 0) + 1;
  const seen = new Set<string>();
  for (const p of selectionOrder(planned, names, options.seed)) {
    if (result.bugs.length >= options.max) break;
    const text = p.edits ? applyEdits(p.file.text, p.edits) : p.file.text;
    const key = createHash('sha256').update(`${p.file.path}\0${text}`).digest('hex');
    const reason =
      text === p.file.text
        ? 'unchanged'
        : seen.has(key)
          ? 'duplicate'
          : !(await parsesCleanly(p.file, text))
            ? 'syntax_error'
            : null;
    seen.add(key);
    if (reason) result.rejected.push({ transform: p.transform, reason });
    else result.bugs.push({ file: p.file.path, transform: p.transform, unit: p.unit, line: p.line, text });
  }
  return result;
}
