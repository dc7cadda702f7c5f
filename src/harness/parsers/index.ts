import type { LogParserName } from '../../schema/env.js';
import { parseJest } from './jest.js';
import { parseMocha } from './mocha.js';
import { parseNodeTest } from './node-test.js';
import { parsePytest } from './pytest.js';
import type { ParseContext, StatusMap } from './status-map.js';
import { parseVitest } from './vitest.js';

export { parseJunit } from './junit.js';
export type { ParseContext, StatusMap } from './status-map.js';

/** Reads one test command's combined output into test id → status. */
export type LogParser = (log: string, context?: ParseContext) => StatusMap;

/** The text parsers, by the `log_parser` name an EnvSpec gives. */
export const parsers = {
  pytest: parsePytest,
  jest: parseJest,
  vitest: parseVitest,
  mocha: parseMocha,
  'node-test': parseNodeTest,
} satisfies Record<LogParserName, LogParser>;
