export { createMineBlock, MineItem, type MineConfig } from './mine/index.js';
export { mineRepos, type MineRunOptions, type MineRunResult } from './mine/run-mine.js';
export { validateBlock, type ValidateConfig } from './validate/index.js';
export {
  validateCandidates,
  type ValidateRunOptions,
  type ValidateRunResult,
} from './validate/run-validate.js';
export { classifyTests, type Classification } from './validate/classify.js';
export { combineLedgers, emptyLedger, formatLedger, type YieldLedger } from './ledger.js';
export { MineRules, loadMineRules, testFileGlobs } from './rules.js';
export { mineAndValidateExamples, type ExamplesYield, type ExamplesYieldOptions } from './examples.js';
export * from './synth/index.js';
export { publishInstances, type PublishOptions, type PublishResult } from './publish/index.js';
