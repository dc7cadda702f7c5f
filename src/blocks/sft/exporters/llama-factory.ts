import { stringify } from 'yaml';
import type { DatasetFiles, Sidecar } from './types.js';

/** The name a data file is registered under in dataset_info.json. */
export function datasetName(file: string): string {
  return `legofactory_${file.replace(/\.jsonl$/, '').replace(/[^A-Za-z0-9]+/g, '_')}`;
}

const deepspeedFile = 'ds_z3_config.json';

/** DeepSpeed ZeRO-3 with every size left to the HF trainer ("auto"), and 16-bit weights gathered on save. */
const zero3 = {
  train_batch_size: 'auto',
  train_micro_batch_size_per_gpu: 'auto',
  gradient_accumulation_steps: 'auto',
  gradient_clipping: 'auto',
  zero_allow_untested_optimizer: true,
  fp16: {
    enabled: 'auto',
    loss_scale: 0,
    loss_scale_window: 1000,
    initial_scale_power: 16,
    hysteresis: 2,
    min_loss_scale: 1,
  },
  bf16: { enabled: 'auto' },
  zero_optimization: {
    stage: 3,
    overlap_comm: false,
    contiguous_gradients: true,
    sub_group_size: 1e9,
    reduce_bucket_size: 'auto',
    stage3_prefetch_bucket_size: 'auto',
    stage3_param_persistence_threshold: 'auto',
    stage3_max_live_parameters: 1e9,
    stage3_max_reuse_distance: 1e9,
    stage3_gather_16bit_weights_on_model_save: true,
  },
};

/**
 * SWE-Lego's recipe for Qwen3-8B at 131,072 tokens. `rope_scaling: yarn` is all LLaMA-Factory takes: it sets
 * the factor to ceil(cutoff_len / max_position_embeddings) (4 for Qwen3's 40,960) and
 * original_max_position_embeddings to the model's 40,960 itself.
 */
function recipe(dataset: string, outputDir: string) {
  return {
    model_name_or_path: 'Qwen/Qwen3-8B',
    trust_remote_code: true,
    stage: 'sft',
    do_train: true,
    finetuning_type: 'full',
    deepspeed: deepspeedFile,
    dataset_dir: '.',
    dataset,
    template: 'qwen3_nothink',
    cutoff_len: 131072,
    rope_scaling: 'yarn',
    flash_attn: 'fa2',
    output_dir: outputDir,
    logging_steps: 1,
    save_strategy: 'epoch',
    save_only_model: true,
    per_device_train_batch_size: 1,
    gradient_accumulation_steps: 8,
    learning_rate: 1.0e-4,
    weight_decay: 0.01,
    max_grad_norm: 1.0,
    num_train_epochs: 4.0,
    lr_scheduler_type: 'cosine',
    warmup_ratio: 0.1,
    bf16: true,
  };
}

const launch = 'FORCE_TORCHRUN=1 llamafactory-cli train';

function policyYaml(files: DatasetFiles, fork: boolean): string {
  const config = {
    ...recipe(datasetName(files.ordered), 'saves/legofactory-sft'),
    ...(fork ? { turn_mask: true } : {}),
    disable_shuffling: true,
  };
  const header = fork
    ? [
        `# SWE-Lego's LLaMA-Factory fork, which reads each turn's \`turn_mask\`: ${launch} train.yaml`,
        '# Stock LLaMA-Factory rejects the `turn_mask` key: use train.stock.yaml there.',
      ]
    : [
        `# Stock LLaMA-Factory: ${launch} train.stock.yaml`,
        '# Stock has no per-turn mask: it ignores the `turn_mask` of each message and trains every assistant',
        '# turn, masked error steps too. Step-level error masking needs the fork (train.yaml).',
      ];
  const curriculum = [
    `# The curriculum in one run: ${files.ordered} is ordered easy to hard and shuffling is off.`,
    `# Stage by stage instead: set dataset to ${files.stages.map(datasetName).join(', then ')},`,
    '# and model_name_or_path to the previous stage output_dir.',
  ];
  return `${[...header, ...curriculum].join('\n')}\n${stringify(config)}`;
}

function verifierYaml(verifier: string): string {
  const header = [
    `# The generative verifier, a full fine-tune on ${verifier}: ${launch} verifier.yaml`,
    '# No turn_mask: the one assistant turn (the verdict) trains; stock LLaMA-Factory and the fork both read it.',
  ];
  return `${header.join('\n')}\n${stringify(recipe(datasetName(verifier), 'saves/legofactory-verifier'))}`;
}

/** train.yaml (the fork), train.stock.yaml, verifier.yaml with a verifier set, and the ZeRO-3 config they name. */
export function llamaFactoryConfigs(files: DatasetFiles): Sidecar[] {
  return [
    { path: 'train.yaml', text: policyYaml(files, true) },
    { path: 'train.stock.yaml', text: policyYaml(files, false) },
    ...(files.verifier ? [{ path: 'verifier.yaml', text: verifierYaml(files.verifier) }] : []),
    { path: deepspeedFile, text: `${JSON.stringify(zero3, null, 2)}\n` },
  ];
}
