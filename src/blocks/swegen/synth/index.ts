export {
  synthesize,
  type SynthRunOptions,
  type SynthRunResult,
  type SynthModelOptions,
} from './run-synth.js';
export { synthesizeExamples, type ExamplesSynthesisOptions } from './examples.js';
export { createSynthBlock } from './generate/index.js';
export { SynthItem, type SynthConfig } from './generate/config.js';
export { createProbeBlock, type ProbeConfig } from './probe/index.js';
export { generateProcedural, type ProceduralBug, type ProceduralOptions } from './procedural.js';
export { transforms, transformNames, type TransformName } from './transforms/index.js';
export { combineBugs } from './combine.js';
export { statementLeak } from './statement/leak.js';
export { formatStrategies } from './strategy-table.js';
