// docs/configuration.md from the JSON Schema of reclaim.yaml: one table per section, a row per key
// (dotted path, type with its limits, default, description). Nothing here is written by hand: the
// descriptions are the zod schema's (src/app/config/config-schema.ts).
import { secretRefPattern } from '../../src/app/config/secret-ref.ts';
import { configJsonSchema, type JsonSchema } from './config-json-schema.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function valueText(value: unknown): string {
  if (typeof value === 'string') return code(value);
  return code(JSON.stringify(value).replace(/,/g, ', '));
}

function range(node: JsonSchema): string {
  const low =
    node.exclusiveMinimum !== undefined
      ? `> ${node.exclusiveMinimum}`
      : node.minimum !== undefined
        ? `≥ ${node.minimum}`
        : '';
  const high = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${node.maximum}` : '';
  if (node.minimum !== undefined && high) return ` from ${node.minimum} to ${node.maximum}`;
  return [low, high]
    .filter(Boolean)
    .map((r) => ` ${r}`)
    .join(',');
}

function typeText(node: JsonSchema): string {
  if (node.anyOf) return node.anyOf.map(typeText).join(' or ');
  if (node.const !== undefined) return `constant ${valueText(node.const)}`;
  if (node.enum) return `one of ${node.enum.map(valueText).join(', ')}`;
  switch (node.type) {
    case 'string': {
      if (node.pattern === secretRefPattern.source)
        return `secret reference (${code('env:NAME')} or ${code('file:PATH')})`;
      if (node.format === 'uri') return 'URL';
      if (node.format === 'date-time') return 'date-time (ISO 8601 with offset)';
      if (node.format === 'date') return 'date (YYYY-MM-DD)';
      const length = node.minLength === 1 ? 'not empty' : node.minLength ? `at least ${node.minLength} characters` : '';
      return ['string', node.pattern ? `matching ${code(node.pattern)}` : '', length].filter(Boolean).join(', ');
    }
    case 'integer':
    case 'number':
      return `${node.type}${range(node)}`;
    case 'array': {
      const items = node.items
        ? node.items.type === 'object' && node.items.properties
          ? 'objects'
          : typeText(node.items)
        : 'values';
      return `list of ${items}${node.minItems ? ` (at least ${node.minItems})` : ''}`;
    }
    case 'object': {
      if (node.properties) return 'object';
      const keys = node.propertyNames?.enum ? node.propertyNames.enum.map(valueText).join(', ') : 'any name';
      const values = typeof node.additionalProperties === 'object' ? typeText(node.additionalProperties) : 'any value';
      return `map: keys ${keys}; values ${values}`;
    }
    default:
      return node.type ?? 'any';
  }
}

interface Row {
  key: string;
  type: string;
  defaultValue: string;
  description: string;
}

/** Rows for the keys of an object node, recursing into nested objects and lists of objects. */
function rows(node: JsonSchema, prefix: string): Row[] {
  const out: Row[] = [];
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const key = `${prefix}${name}`;
    const needed = required.has(name) && child.default === undefined ? ', required' : '';
    const shown =
      child.default !== undefined && !(child.type === 'object' && child.properties) ? valueText(child.default) : '';
    out.push({ key, type: `${typeText(child)}${needed}`, defaultValue: shown, description: child.description ?? '' });
    if (child.type === 'object' && child.properties) out.push(...rows(child, `${key}.`));
    if (child.type === 'array' && child.items?.type === 'object' && child.items.properties)
      out.push(...rows(child.items, `${key}[].`));
    if (
      child.type === 'object' &&
      typeof child.additionalProperties === 'object' &&
      child.additionalProperties.properties
    ) {
      out.push(...rows(child.additionalProperties, `${key}.NAME.`));
    }
  }
  return out;
}

function table(list: Row[]): string[] {
  return [
    '| key | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...list.map((r) => `| ${code(r.key)} | ${cell(r.type)} | ${cell(r.defaultValue)} | ${cell(r.description)} |`),
  ];
}

const sentence = (text: string | undefined): string =>
  text ? `${text[0]!.toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}` : '';

function section(name: string, node: JsonSchema, required: boolean): string[] {
  const lines = [`## \`${name}\``, '', `${sentence(node.description)}${required ? ' Required.' : ''}`, ''];
  if (node.type === 'array' && node.items?.anyOf) {
    lines.push(
      `A list${node.minItems ? ` of at least ${node.minItems === 1 ? 'one entry' : `${node.minItems} entries`}` : ''}; each entry is one of:`,
      '',
    );
    for (const variant of node.items.anyOf) {
      const kind = variant.properties?.kind?.const;
      lines.push(
        `### \`${name}[]\` with \`kind: ${String(kind)}\``,
        '',
        sentence(variant.description),
        '',
        ...table(rows(variant, `${name}[].`)),
        '',
      );
    }
    return lines;
  }
  return [...lines, ...table(rows(node, `${name}.`)), ''];
}

export function renderConfigReference(schema: JsonSchema = configJsonSchema()): string {
  const required = new Set(schema.required ?? []);
  const sections = Object.entries(schema.properties ?? {});
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from src/app/config/config-schema.ts by `npm run docs:config`: do not edit by hand.',
    '     test/app/config-reference.test.ts fails when this file is out of date. -->',
    '',
    'Reclaim reads one YAML file: `reclaim.yaml` in the current folder, or the file named by',
    '`-c FILE` or the `RECLAIM_CONFIG` environment variable. `reclaim init` writes a commented starter,',
    '`reclaim config check` validates it. The whole file is validated at once: every problem is listed',
    'with its path and line, and no command runs while one remains. Unknown keys are problems too.',
    '',
    'Secrets are never written in the file. A secret is a reference: `env:NAME` (an environment',
    'variable) or `file:PATH` (a file readable only by the operator).',
    '',
    '**In an editor.** [`reclaim.schema.json`](reclaim.schema.json) is the same schema as JSON Schema',
    "(draft-07). Editors using the YAML language server (VS Code's YAML extension, among others) check",
    'and complete the file, with these descriptions on hover, when its first line names the schema:',
    '',
    '```yaml',
    '# yaml-language-server: $schema=./reclaim.schema.json',
    '```',
    '',
    '(the path is relative to the configuration file; copy the schema beside it, or give an absolute',
    'path or a URL where it is served).',
    '',
    '| section | meaning |',
    '| --- | --- |',
    ...sections.map(
      ([name, node]) =>
        `| [\`${name}\`](#${name}) | ${cell(node.description ?? '')}${required.has(name) ? ' (required)' : ''} |`,
    ),
    '',
    ...sections.flatMap(([name, node]) => section(name, node, required.has(name))),
  ].join('\n');
}
