import type { Node, Tree } from 'web-tree-sitter';
import type { Dialect } from './dialects.js';

/** A named function or method: the unit procedural transforms edit and gate by complexity. */
export interface FunctionUnit {
  node: Node;
  name: string;
  /** `Class.method` for methods, else the name. */
  qualifiedName: string;
  /** 1 + the branch points among its own nodes. */
  complexity: number;
  lines: number;
  /** Its nodes, not those of nested named functions and classes (those are units of their own). */
  own: Node[];
}

/** A class with its methods. */
export interface ClassUnit {
  node: Node;
  name: string;
  body: Node;
  methods: Node[];
}

export interface Inventory {
  functions: FunctionUnit[];
  classes: ClassUnit[];
}

const boundTo = new Set(['variable_declarator', 'pair', 'assignment_expression', 'public_field_definition']);

/** The name a function node carries, or is bound to (`const f = () => ...`); null when anonymous. */
function functionName(node: Node): string | null {
  const own = node.childForFieldName('name');
  if (own) return own.text;
  const parent = node.parent;
  if (!parent || !boundTo.has(parent.type)) return null;
  const target =
    parent.childForFieldName('name') ??
    parent.childForFieldName('key') ??
    parent.childForFieldName('left') ??
    parent.childForFieldName('property');
  return target ? target.text : null;
}

function isUnit(node: Node, dialect: Dialect): boolean {
  return dialect.classes.has(node.type) || (dialect.functions.has(node.type) && functionName(node) !== null);
}

/** The nodes below `root` that belong to it, stopping at nested units. */
function ownNodes(root: Node, dialect: Dialect): Node[] {
  const found: Node[] = [];
  const stack = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isUnit(node, dialect)) continue;
    found.push(node);
    for (let i = node.childCount - 1; i >= 0; i -= 1) stack.push(node.child(i)!);
  }
  return found;
}

function complexityOf(own: Node[], dialect: Dialect): number {
  let branches = 0;
  for (const node of own) {
    if (dialect.decisions.has(node.type)) branches += 1;
    else if (!node.isNamed && dialect.shortCircuits.has(node.type)) branches += 1;
  }
  return 1 + branches;
}

function methodsOf(body: Node, dialect: Dialect): Node[] {
  return body.namedChildren.filter((child) => {
    if (!dialect.methods.has(child.type)) return false;
    return (
      child.type !== 'decorated_definition' ||
      child.childForFieldName('definition')?.type === 'function_definition'
    );
  });
}

/** Every named function and class of a parsed file, outermost first. */
export function inventory(tree: Tree, dialect: Dialect): Inventory {
  const result: Inventory = { functions: [], classes: [] };
  const visit = (node: Node, scope: string[]): void => {
    let inner = scope;
    if (dialect.classes.has(node.type)) {
      const name = node.childForFieldName('name')?.text ?? '<class>';
      const body = node.childForFieldName('body');
      if (body) result.classes.push({ node, name, body, methods: methodsOf(body, dialect) });
      inner = [...scope, name];
    } else if (dialect.functions.has(node.type)) {
      const name = functionName(node);
      if (name !== null) {
        const own = ownNodes(node, dialect);
        result.functions.push({
          node,
          name,
          qualifiedName: [...scope, name].join('.'),
          complexity: complexityOf(own, dialect),
          lines: node.endPosition.row - node.startPosition.row + 1,
          own,
        });
        inner = [...scope, name];
      }
    }
    for (const child of node.namedChildren) visit(child, inner);
  };
  visit(tree.rootNode, []);
  return result;
}
