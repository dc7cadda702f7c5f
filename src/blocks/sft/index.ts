export { buildSftDatasets, type SftBuildOptions, type SftBuildResult } from './build.js';
export { runSftBuild, createSftBuildReducer, type SftBuildRunOptions } from './build-stage.js';
export { formatSftStats } from './stats.js';
export { exporters, type ExportFormat, type DatasetFiles } from './exporters/index.js';
export { loadTokenCounter, qwen3TokenizerPath, type TokenCounter } from './tokenizer.js';
export {
  renderVerifierPrompt,
  condenseTrajectory,
  loadVerifierTemplate,
  verifierTemplatePath,
  verifierAnswers,
  issueOf,
  type VerifierInput,
} from './verifier.js';
export { runSftTrain, trainerCommand, type SftTrainOptions } from './train.js';
export { buildExampleSft, type ExampleSftResult } from './quickstart.js';
