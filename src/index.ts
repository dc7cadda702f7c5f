export type { Block, BlockContext } from './block.js';
export { LegoError, toLegoError, type ErrorCode } from './errors.js';
export { runBlock, configHash, formatSummary, type RunOptions, type RunSummary } from './runner.js';
export { mapStage, reduceStage, type Reducer, type Stage } from './pipeline/stage.js';
export { runStage, type ItemEvent, type StageResult, type StageRunOptions } from './pipeline/run-stage.js';
export { inputDigest } from './pipeline/input-digest.js';
export { FileInput, fileInputs } from './pipeline/file-input.js';
export { loadPipeline } from './pipeline/load.js';
export { runPipeline, type PipelineRunOptions, type PipelineRun } from './pipeline/run-pipeline.js';
export { pipelineStatus, type PipelineStatus } from './pipeline/status.js';
export { walkLineage, type LineageHop } from './pipeline/lineage-walk.js';
export { openRunStore, type RunStore } from './store/run-store.js';
export { readRecords, writeJson } from './store/jsonl.js';
export { exportRun } from './store/export.js';
export * from './schema/env.js';
export * from './schema/instance.js';
export * from './schema/prediction.js';
export * from './schema/report.js';
export * from './schema/test-run.js';
export * from './schema/sft.js';
export { Lineage } from './schema/lineage.js';
export { canonicalJson } from './json.js';
export { schemas, jsonSchemaOf, type SchemaName } from './schema/index.js';
export {
  providers,
  type ProviderName,
  type Sandbox,
  type SandboxProvider,
  type SandboxSpec,
} from './sandbox/index.js';
export { removeOrphans } from './sandbox/gc.js';
export { judge } from './harness/run.js';
export { applyPatch, testFilesOf } from './harness/apply.js';
export { grade } from './harness/grade.js';
export { parsers, parseJunit } from './harness/parsers/index.js';
export { detectEnv } from './env/detect/index.js';
export { resolveEnvSpec } from './env/resolve.js';
export { buildEnvironment } from './env/environment.js';
export { constructEnvironment, type CheckOutcome, type EnvSteps } from './env/construct.js';
export { repairRules, type RepairRule, type RepairRuleName } from './env/repair/index.js';
export { readLedger, constructionsFor } from './env/ledger.js';
export { ensureBaseImage } from './env/base-image.js';
export { TaskSandboxes, type TaskSandboxOptions, type OpenTask } from './tasks/task-sandboxes.js';
export { checkEnvironment } from './tasks/check-env.js';
export { checkInstances } from './tasks/check-instances.js';
export { evalBlock, type EvalConfig, type EvalItem } from './blocks/eval/index.js';
export { runEval, type EvalRunOptions, type EvalRunResult } from './blocks/eval/run-eval.js';
export { runQuickstart } from './quickstart.js';
export { mineRepos } from './blocks/swegen/mine/run-mine.js';
export { validateCandidates } from './blocks/swegen/validate/run-validate.js';
export { synthesize, synthesizeExamples, publishInstances } from './blocks/swegen/index.js';
export { createTrajgenBlock } from './blocks/trajgen/index.js';
export { runTrajgen } from './blocks/trajgen/run-trajgen.js';
export { Trajectory, StepRecord, ChatMessage } from './schema/trajectory.js';
export { createChatClient, type ChatClientOptions } from './llm/client.js';
export { buildSftDatasets, runSftBuild, runSftTrain, exporters as sftExporters } from './blocks/sft/index.js';
export { runVerifierScore } from './blocks/verifier/run-verifier.js';
export { runTts } from './blocks/eval/tts/run-tts.js';
export { runTtsStage } from './blocks/eval/tts/tts-stage.js';
export { passAtK, bestOfKeyed } from './blocks/eval/tts/estimators.js';
