import { stringify } from 'yaml';
import { alternatingText } from '../text-format.js';
import type { DatasetFiles, Exporter } from './types.js';

const columns = { messages: 'messages' };
const tags = {
  role_tag: 'role',
  content_tag: 'content',
  user_tag: 'user',
  assistant_tag: 'assistant',
  system_tag: 'system',
};

function datasetName(file: string): string {
  return `legofactory_${file.replace(/\.jsonl$/, '').replace(/[^A-Za-z0-9]+/g, '_')}`;
}

function datasetInfo(files: DatasetFiles): string {
  const all = [...files.stages, files.ordered, ...(files.verifier ? [files.verifier] : [])];
  const entries = all.map((file) => [
    datasetName(file),
    { file_name: file, formatting: 'sharegpt', columns, tags },
  ]);
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

function trainingYaml(files: DatasetFiles): string {
  const config = {
    model_name_or_path: 'Qwen/Qwen3-8B',
    stage: 'sft',
    do_train: true,
    finetuning_type: 'full',
    dataset_dir: '.',
    dataset: datasetName(files.ordered),
    template: 'qwen3_nothink',
    cutoff_len: 131072,
    turn_mask: true,
    disable_shuffling: true,
    output_dir: 'saves/legofactory-sft',
    per_device_train_batch_size: 1,
    gradient_accumulation_steps: 8,
    learning_rate: 1.0e-4,
    num_train_epochs: 4.0,
    lr_scheduler_type: 'cosine',
    warmup_ratio: 0.1,
    bf16: true,
  };
  const header = [
    '# LLaMA-Factory (the SWE-Lego fork, which reads `turn_mask`): llamafactory-cli train train.yaml',
    `# The curriculum in one run: ${files.ordered} is ordered easy to hard and shuffling is off.`,
    `# Stage by stage instead: set dataset to ${files.stages.map(datasetName).join(', then ')},`,
    '# and model_name_or_path to the previous stage output_dir.',
  ];
  return `${header.join('\n')}\n${stringify(config)}`;
}

/** LLaMA-Factory sharegpt in the text call format, with `turn_mask: true` on masked assistant turns. */
export const sweLego: Exporter = {
  turns: (sample, context) =>
    alternatingText(sample, context).map((m) => ({
      content: m.content,
      trained: m.role === 'assistant' && m.weight === 1,
    })),
  line(sample, context) {
    const messages = alternatingText(sample, context).map((m) => ({
      role: m.role,
      content: m.content,
      turn_mask: m.role === 'assistant' && m.weight === 0,
    }));
    return JSON.stringify({
      messages,
      instance_id: sample.instance_id,
      trajectory_id: sample.trajectory_id,
      provenance: sample.provenance,
    });
  },
  sidecars: (files) => [
    { path: 'dataset_info.json', text: datasetInfo(files) },
    { path: 'train.yaml', text: trainingYaml(files) },
  ],
};
