/**
 * Spotify's `fields` filter: comma lists, dot paths (`owner.id`), parentheses for nested / repeated objects
 * (`items(added_at,track(name,album(name)))`) and `!` exclusions (`album(!images)`). Arrays are filtered
 * element by element.
 */

export interface FieldNode {
  exclude: boolean;
  sub: FieldTree | null;
}
export type FieldTree = Map<string, FieldNode>;

export class FieldsSyntaxError extends Error {}

export function parseFields(input: string): FieldTree {
  let pos = 0;
  const peek = () => input[pos];

  const mergeInto = (tree: FieldTree, name: string, node: FieldNode) => {
    const existing = tree.get(name);
    if (!existing) {
      tree.set(name, node);
      return;
    }
    if (existing.sub === null || node.sub === null) {
      // A bare field wins over a sub-selection: the whole value is kept.
      existing.sub = node.exclude ? existing.sub : null;
      return;
    }
    for (const [k, v] of node.sub) mergeInto(existing.sub, k, v);
  };

  const parseList = (closing: string | null): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      parseItem(tree);
      const c = peek();
      if (c === ',') {
        pos++;
        continue;
      }
      if (closing !== null && c === closing) {
        pos++;
        return tree;
      }
      if (closing === null && c === undefined) return tree;
      throw new FieldsSyntaxError(`Unexpected ${c === undefined ? 'end' : `'${c}'`} at ${pos}`);
    }
  };

  const parseItem = (tree: FieldTree) => {
    let exclude = false;
    if (peek() === '!') {
      exclude = true;
      pos++;
    }
    const start = pos;
    while (pos < input.length && /[A-Za-z0-9_]/.test(input[pos])) pos++;
    const name = input.slice(start, pos);
    if (name === '') throw new FieldsSyntaxError(`Field name expected at ${pos}`);
    let sub: FieldTree | null = null;
    if (peek() === '.') {
      pos++;
      sub = new Map();
      parseItem(sub);
    } else if (peek() === '(') {
      pos++;
      sub = parseList(')');
    }
    mergeInto(tree, name, { exclude, sub });
  };

  const trimmed = input.replace(/\s+/g, '');
  input = trimmed;
  if (input === '') return new Map();
  return parseList(null);
}

export function applyFields(value: unknown, tree: FieldTree): unknown {
  if (tree.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => applyFields(v, tree));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const includes = [...tree].filter(([, n]) => !n.exclude);
  const out: Record<string, unknown> = {};
  if (includes.length > 0) {
    for (const [key, node] of includes) {
      if (!(key in obj)) continue;
      out[key] = node.sub ? applyFields(obj[key], node.sub) : obj[key];
    }
    return out;
  }
  for (const [key, v] of Object.entries(obj)) if (!tree.has(key)) out[key] = v;
  return out;
}
