import { stringify } from 'yaml';
import type { SftMessage } from '../../../schema/sft.js';
import type { DatasetFiles, Exporter } from './types.js';

function toolCallsOf(message: SftMessage): unknown[] | undefined {
  return message.tool_calls?.map((call) => {
    let args: unknown = call.function.arguments;
    try {
      args = JSON.parse(call.function.arguments);
    } catch {
      // Arguments that are not JSON stay the string they were.
    }
    return { type: 'function', function: { name: call.function.name, arguments: args } };
  });
}

function axolotlMessage(message: SftMessage): Record<string, unknown> {
  const calls = toolCallsOf(message);
  return {
    role: message.role,
    content: message.content,
    train: message.role === 'assistant' && message.weight === 1,
    ...(calls ? { tool_calls: calls } : {}),
    ...(message.tool_call_id !== undefined ? { tool_call_id: message.tool_call_id } : {}),
  };
}

function dataset(path: string): Record<string, unknown> {
  return {
    path,
    ds_type: 'json',
    type: 'chat_template',
    field_messages: 'messages',
    message_property_mappings: { role: 'role', content: 'content' },
    roles_to_train: [],
    train_on_eos: 'turn',
    message_field_training: 'train',
    field_tools: 'tools',
  };
}

function configSnippet(files: DatasetFiles): string {
  const header = [
    '# axolotl: merge into your config (base_model, sequence_len, ...) and run `axolotl train config.yaml`.',
    `# ${files.ordered} is ordered easy to hard; stage files: ${files.stages.join(', ')}.`,
    '# Paths are relative to this directory: run axolotl from here or make them absolute.',
  ];
  const config = {
    chat_template: 'tokenizer_default',
    datasets: [dataset(files.ordered)],
    shuffle_merged_datasets: false,
  };
  return `${header.join('\n')}\n${stringify(config)}`;
}

/** axolotl `chat_template` datasets: each message carries `train`, true only on trained assistant turns. */
export const axolotl: Exporter = {
  line(sample) {
    return JSON.stringify({
      messages: sample.messages.map(axolotlMessage),
      tools: sample.tools,
      instance_id: sample.instance_id,
      trajectory_id: sample.trajectory_id,
      provenance: sample.provenance,
    });
  },
  sidecars: (files) => [{ path: 'axolotl.yaml', text: configSnippet(files) }],
};
