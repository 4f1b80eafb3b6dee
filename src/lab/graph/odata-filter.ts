// A small OData $filter parser and evaluator for the clauses Reclaim and its tests use: eq, ne,
// gt/ge/lt/le, in, startsWith, endsWith, not, and, or, parentheses and `prop/any(x: x eq 'v')`.
// The parse result lists the operators and properties used, so routes can apply Entra's rules
// (advanced-query operators, indexed properties) before evaluating.

export type Literal = string | number | boolean | null;
export type FilterNode =
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'fn'; fn: 'startsWith' | 'endsWith'; property: string; value: string }
  | { kind: 'any'; property: string; value: Literal }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

export interface ParsedFilter {
  root: FilterNode;
  operators: Set<string>;
  properties: Set<string>;
}

export class FilterSyntaxError extends Error {}

const tokenPattern =
  /\s*(?:('(?:[^']|'')*')|(\d{4}-\d{2}-\d{2}T[\d:.]+Z)|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)|(\(|\)|,|\/|:))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    tokenPattern.lastIndex = pos;
    const m = tokenPattern.exec(text);
    if (!m) throw new FilterSyntaxError(`unexpected text at position ${pos}: '${text.slice(pos, pos + 12)}'`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
    pos = tokenPattern.lastIndex;
  }
  return tokens;
}

export function parseFilter(text: string): ParsedFilter {
  const tokens = tokenize(text);
  const operators = new Set<string>();
  const properties = new Set<string>();
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new FilterSyntaxError('the filter ends too early');
    return t;
  };
  const expect = (t: string) => {
    const got = next();
    if (got !== t) throw new FilterSyntaxError(`expected '${t}' but found '${got}'`);
  };
  const literal = (): Literal => {
    const t = next();
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (/^-?\d/.test(t)) return /T/.test(t) ? t : Number(t);
    throw new FilterSyntaxError(`expected a value but found '${t}'`);
  };
  const property = (): string => {
    const t = next();
    if (!/^[A-Za-z_]/.test(t)) throw new FilterSyntaxError(`expected a property but found '${t}'`);
    properties.add(t);
    return t;
  };
  const primary = (): FilterNode => {
    const t = peek();
    if (t === '(') {
      next();
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (t === 'startsWith' || t === 'endsWith') {
      next();
      operators.add(t);
      expect('(');
      const prop = property();
      expect(',');
      const value = literal();
      expect(')');
      if (typeof value !== 'string') throw new FilterSyntaxError(`${t} needs a string value`);
      return { kind: 'fn', fn: t, property: prop, value };
    }
    const prop = property();
    const op = next();
    if (op === '/') {
      const fn = next();
      if (fn !== 'any') throw new FilterSyntaxError(`unsupported lambda '${fn}'`);
      operators.add('any');
      expect('(');
      const variable = next();
      expect(':');
      if (next() !== variable) throw new FilterSyntaxError('the lambda must compare its own variable');
      expect('eq');
      const value = literal();
      expect(')');
      return { kind: 'any', property: prop, value };
    }
    if (op === 'in') {
      operators.add('in');
      expect('(');
      const values = [literal()];
      while (peek() === ',') {
        next();
        values.push(literal());
      }
      expect(')');
      return { kind: 'in', property: prop, values };
    }
    if (op === 'eq' || op === 'ne' || op === 'gt' || op === 'ge' || op === 'lt' || op === 'le') {
      operators.add(op);
      return { kind: 'cmp', op, property: prop, value: literal() };
    }
    throw new FilterSyntaxError(`unsupported operator '${op}'`);
  };
  const unary = (): FilterNode => {
    if (peek() === 'not') {
      next();
      operators.add('not');
      return { kind: 'not', inner: unary() };
    }
    return primary();
  };
  const andExpr = (): FilterNode => {
    let left = unary();
    while (peek() === 'and') {
      next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peek() === 'or') {
      next();
      operators.add('or');
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const root = orExpr();
  if (i < tokens.length) throw new FilterSyntaxError(`unexpected '${tokens[i] ?? ''}' after the end of the clause`);
  return { root, operators, properties };
}

function compare(a: unknown, b: Literal): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (/T/.test(b) && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
    return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Number.NaN;
}

const same = (a: unknown, b: Literal) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === b;

export function evaluateFilter(node: FilterNode, record: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'cmp': {
      const v = record[node.property];
      if (node.op === 'eq') return same(v, node.value);
      if (node.op === 'ne') return !same(v, node.value);
      const c = compare(v, node.value);
      if (Number.isNaN(c)) return false;
      return node.op === 'gt' ? c > 0 : node.op === 'ge' ? c >= 0 : node.op === 'lt' ? c < 0 : c <= 0;
    }
    case 'in':
      return node.values.some((x) => same(record[node.property], x));
    case 'fn': {
      const v = record[node.property];
      if (typeof v !== 'string') return false;
      const a = v.toLowerCase();
      const b = node.value.toLowerCase();
      return node.fn === 'startsWith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'any': {
      const v = record[node.property];
      return Array.isArray(v) && v.some((x) => same(x, node.value));
    }
    case 'not':
      return !evaluateFilter(node.inner, record);
    case 'and':
      return evaluateFilter(node.left, record) && evaluateFilter(node.right, record);
    case 'or':
      return evaluateFilter(node.left, record) || evaluateFilter(node.right, record);
  }
}
