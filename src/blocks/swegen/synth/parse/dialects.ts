import type { GrammarName } from './languages.js';

/** The node types one language family spells its constructs with. */
export interface Dialect {
  family: 'python' | 'javascript';
  /** Function nodes that form their own unit (anonymous callbacks stay part of their parent). */
  functions: ReadonlySet<string>;
  classes: ReadonlySet<string>;
  /** Class members that are methods. */
  methods: ReadonlySet<string>;
  /** Nodes holding a list of statements. */
  blocks: ReadonlySet<string>;
  ifs: ReadonlySet<string>;
  loops: ReadonlySet<string>;
  /** `with` / `try`: statements whose body runs inside something that can be unwrapped. */
  wrappers: ReadonlySet<string>;
  assignments: ReadonlySet<string>;
  binaries: ReadonlySet<string>;
  calls: ReadonlySet<string>;
  members: ReadonlySet<string>;
  subscripts: ReadonlySet<string>;
  numbers: ReadonlySet<string>;
  booleans: Readonly<Record<string, string>>;
  /** Expressions that need no parentheses next to a unary or binary operator. */
  primaries: ReadonlySet<string>;
  /** Branch points: each adds one to a function's cyclomatic complexity. */
  decisions: ReadonlySet<string>;
  /** Binary operators that branch (`and`, `&&`...): they add to complexity too. */
  shortCircuits: ReadonlySet<string>;
  comment: string;
}

const set = (...types: string[]): ReadonlySet<string> => new Set(types);

const python: Dialect = {
  family: 'python',
  functions: set('function_definition'),
  classes: set('class_definition'),
  methods: set('function_definition', 'decorated_definition'),
  blocks: set('block'),
  ifs: set('if_statement'),
  loops: set('for_statement', 'while_statement'),
  wrappers: set('with_statement', 'try_statement'),
  assignments: set('assignment', 'augmented_assignment'),
  binaries: set('binary_operator', 'comparison_operator', 'boolean_operator'),
  calls: set('call'),
  members: set('attribute'),
  subscripts: set('subscript'),
  numbers: set('integer'),
  booleans: { True: 'False', False: 'True' },
  primaries: set(
    'identifier',
    'attribute',
    'call',
    'subscript',
    'parenthesized_expression',
    'integer',
    'float',
    'string',
    'true',
    'false',
    'none',
    'list',
    'tuple',
    'dictionary',
  ),
  decisions: set(
    'if_statement',
    'elif_clause',
    'for_statement',
    'while_statement',
    'except_clause',
    'conditional_expression',
    'for_in_clause',
    'if_clause',
    'case_clause',
  ),
  shortCircuits: set('and', 'or'),
  comment: 'comment',
};

const javascript: Dialect = {
  family: 'javascript',
  functions: set(
    'function_declaration',
    'generator_function_declaration',
    'method_definition',
    'function_expression',
    'arrow_function',
  ),
  classes: set('class_declaration', 'class'),
  methods: set('method_definition'),
  blocks: set('statement_block'),
  ifs: set('if_statement'),
  loops: set('for_statement', 'for_in_statement', 'while_statement', 'do_statement'),
  wrappers: set('try_statement'),
  assignments: set('assignment_expression', 'augmented_assignment_expression'),
  binaries: set('binary_expression'),
  calls: set('call_expression'),
  members: set('member_expression'),
  subscripts: set('subscript_expression'),
  numbers: set('number'),
  booleans: { true: 'false', false: 'true' },
  primaries: set(
    'identifier',
    'member_expression',
    'call_expression',
    'subscript_expression',
    'parenthesized_expression',
    'number',
    'string',
    'template_string',
    'true',
    'false',
    'null',
    'undefined',
    'this',
    'array',
    'object',
  ),
  decisions: set(
    'if_statement',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
    'ternary_expression',
    'switch_case',
  ),
  shortCircuits: set('&&', '||', '??'),
  comment: 'comment',
};

/** The dialects by language family. */
export const dialects = { python, javascript } as const;

/** The dialect a grammar speaks. */
export function dialectOf(grammar: GrammarName): Dialect {
  return grammar === 'python' ? dialects.python : dialects.javascript;
}
