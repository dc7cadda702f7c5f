import type { Command } from 'commander';
import { jsonSchemaOf, schemas, type SchemaName } from '../schema/index.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(`print a record's JSON Schema (${Object.keys(schemas).join(', ')})`)
    .argument('<name>', 'record name')
    .action((name: string) => {
      if (!(name in schemas)) {
        throw new Error(`unknown schema "${name}"; choose one of: ${Object.keys(schemas).join(', ')}`);
      }
      console.log(JSON.stringify(jsonSchemaOf(name as SchemaName), null, 2));
    });
}
