// The configuration reference (docs/configuration.md) and the JSON Schema for editors
// (docs/reclaim.schema.json) are generated from the zod schema and committed: this fails when
// either is out of date, when a key has no description, or when the exported schema disagrees
// with the parser about which keys exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { starterConfig } from '../../src/app/config/starter-config.ts';
import {
  configJsonSchema,
  configJsonSchemaText,
  type JsonSchema,
} from '../../scripts/config-reference/config-json-schema.ts';
import { renderConfigReference } from '../../scripts/config-reference/render-config-reference.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const committed = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every key path of the schema that has no description. */
function undocumented(node: JsonSchema, path: string): string[] {
  const own = node.description ? [] : [path];
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, child]) => undocumented(child, `${path}.${k}`)),
    ...(node.anyOf ?? []).filter((v) => v.type === 'object').map((v, i) => undocumented(v, `${path}<${i}>`)),
    ...(node.items && node.items.type === 'object'
      ? [undocumented({ ...node.items, description: 'item' }, `${path}[]`)]
      : []),
    ...(node.items?.anyOf ? [undocumented({ ...node.items, description: 'item' }, `${path}[]`)] : []),
  ];
  return [...own, ...children.flat()];
}

/** The keys of `value` the JSON Schema does not declare (objects closed by additionalProperties: false). */
function undeclaredKeys(value: unknown, node: JsonSchema, path = ''): string[] {
  if (node.anyOf) {
    const tries = node.anyOf.map((variant) => undeclaredKeys(value, variant, path));
    return tries.reduce((best, t) => (t.length < best.length ? t : best));
  }
  if (Array.isArray(value))
    return node.items ? value.flatMap((v, i) => undeclaredKeys(v, node.items!, `${path}[${i}]`)) : [];
  if (value === null || typeof value !== 'object' || !node.properties) return [];
  if (
    node.type === 'object' &&
    node.properties &&
    'kind' in node.properties &&
    (value as { kind?: unknown }).kind !== node.properties.kind?.const
  )
    return ['(other kind)'];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    node.properties?.[k]
      ? undeclaredKeys(v, node.properties[k]!, `${path}.${k}`)
      : node.additionalProperties === false
        ? [`${path}.${k}`]
        : [],
  );
}

describe('the configuration reference', () => {
  it('docs/configuration.md and docs/reclaim.schema.json are what `npm run docs:config` writes from the schema today', () => {
    assert.equal(
      committed('docs/reclaim.schema.json'),
      configJsonSchemaText(),
      'docs/reclaim.schema.json is out of date: run npm run docs:config',
    );
    assert.equal(
      committed('docs/configuration.md'),
      renderConfigReference(),
      'docs/configuration.md is out of date: run npm run docs:config',
    );
  });

  it('describes every key', () => {
    assert.deepEqual(undocumented(configJsonSchema(), '$'), []);
  });

  it('names every key of every section in the reference', () => {
    const text = renderConfigReference();
    for (const [section, node] of Object.entries(configJsonSchema().properties ?? {})) {
      for (const key of Object.keys(node.properties ?? {}))
        assert.ok(text.includes(`\`${section}.${key}\``), `${section}.${key} is missing`);
    }
    for (const key of ['directories[].urls', 'directories[].tenantId', 'directories[].extraApps[].clientId'])
      assert.ok(text.includes(`\`${key}\``), key);
  });

  it('the JSON Schema declares exactly the keys the parser accepts: the starter config passes both, a misspelt key fails both', () => {
    const schema = configJsonSchema();
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(checkConfigText(starterConfig).ok);
    assert.deepEqual(undeclaredKeys(parse(starterConfig), schema), []);
    const misspelt = starterConfig.replace('guardrails:\n  blastRadius: 500', 'guardrails:\n  blastRadus: 500');
    assert.notEqual(misspelt, starterConfig);
    assert.equal(checkConfigText(misspelt).ok, false);
    assert.deepEqual(undeclaredKeys(parse(misspelt), schema), ['.guardrails.blastRadus']);
  });
});
