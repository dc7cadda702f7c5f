import type { Command } from 'commander';
import { pipelineJsonSchema } from '../pipeline/file.js';
import { jsonSchemaOf, schemas, type SchemaName } from '../schema/index.js';

/** `pipeline` (the pipeline file) is published here, beside the records: src/schema does not import pipelines. */
const names = [...Object.keys(schemas), 'pipeline'];

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(`print a record's JSON Schema (${names.join(', ')})`)
    .argument('<name>', 'record name')
    .action((name: string) => {
      if (!names.includes(name)) {
        throw new Error(`unknown schema "${name}"; choose one of: ${names.join(', ')}`);
      }
      const schema = name === 'pipeline' ? pipelineJsonSchema() : jsonSchemaOf(name as SchemaName);
      console.log(JSON.stringify(schema, null, 2));
    });
}
