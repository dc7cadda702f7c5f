import { alternatingText } from '../text-format.js';
import { datasetName, llamaFactoryConfigs } from './llama-factory.js';
import type { DatasetFiles, Exporter } from './types.js';

const columns = { messages: 'messages' };
const tags = {
  role_tag: 'role',
  content_tag: 'content',
  user_tag: 'user',
  assistant_tag: 'assistant',
  system_tag: 'system',
};

function datasetInfo(files: DatasetFiles): string {
  const all = [...files.stages, files.ordered, ...(files.verifier ? [files.verifier] : [])];
  const entries = all.map((file) => [
    datasetName(file),
    { file_name: file, formatting: 'sharegpt', columns, tags },
  ]);
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
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
    ...llamaFactoryConfigs(files),
  ],
};
