// Checks JSON values against docs/reference/graph-v1-subset.json (extracted from Graph's v1.0
// CSDL; see docs/reference/README.md for its source): every property name must exist on the type, and its JSON type must match the EDM type.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface RefProperty {
  name: string;
  type: string;
  nullable: boolean;
}
interface RefType {
  kind: string;
  base: string | null;
  properties: RefProperty[];
  navigationProperties?: Array<{ name: string; type: string }>;
}
interface Reference {
  types: Record<string, RefType>;
  enums: Record<string, string[]>;
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
export const referenceFile = resolve(repoRoot, 'docs/reference/graph-v1-subset.json');
const reference = JSON.parse(readFileSync(referenceFile, 'utf8')) as Reference;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function referenceTypes(): string[] {
  return Object.keys(reference.types);
}

function typeName(odataType: unknown): string | undefined {
  return typeof odataType === 'string' ? odataType.replace(/^#microsoft\.graph\./, '') : undefined;
}

function checkValue(value: unknown, type: string, nullable: boolean, path: string, errors: string[]): void {
  if (value === null) {
    if (!nullable || type.startsWith('Collection(')) errors.push(`${path}: null for a non-nullable ${type}`);
    return;
  }
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection?.[1]) {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected an array for ${type}`);
    value.forEach((v, i) => {
      checkValue(v, collection[1] as string, false, `${path}[${i}]`, errors);
    });
    return;
  }
  const bare = type.replace(/^graph\./, '');
  switch (bare) {
    case 'Edm.String':
      if (typeof value !== 'string') errors.push(`${path}: expected a string`);
      return;
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected a boolean`);
      return;
    case 'Edm.Int32':
    case 'Edm.Int64':
      if (!Number.isInteger(value)) errors.push(`${path}: expected an integer`);
      return;
    case 'Edm.Double':
      if (typeof value !== 'number') errors.push(`${path}: expected a number`);
      return;
    case 'Edm.DateTimeOffset':
      if (typeof value !== 'string' || !ISO.test(value))
        errors.push(`${path}: expected an ISO-8601 UTC instant, got ${JSON.stringify(value)}`);
      return;
    case 'Edm.Guid':
      if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) errors.push(`${path}: expected a GUID`);
      return;
  }
  const values = reference.enums[bare];
  if (values) {
    if (typeof value !== 'string') return void errors.push(`${path}: expected a ${bare} string`);
    for (const part of value.split(','))
      if (!values.includes(part)) errors.push(`${path}: '${part}' is not a ${bare} value`);
    return;
  }
  if (reference.types[bare]) {
    checkEntity(value, bare, path, errors);
    return;
  }
  // A complex type outside the extract: only its JSON shape can be checked.
  if (typeof value !== 'object' || Array.isArray(value)) errors.push(`${path}: expected an object for ${bare}`);
}

function allProperties(type: RefType): { props: RefProperty[]; navs: Array<{ name: string; type: string }> } {
  const props = [...type.properties];
  const navs = [...(type.navigationProperties ?? [])];
  let base = type.base ? reference.types[type.base] : undefined;
  while (base) {
    for (const p of base.properties) if (!props.some((x) => x.name === p.name)) props.push(p);
    navs.push(...(base.navigationProperties ?? []));
    base = base.base ? reference.types[base.base] : undefined;
  }
  return { props, navs };
}

/** Pushes one message per mismatch; an `@odata.type` naming a derived type switches the check to it. */
export function checkEntity(value: unknown, expectedType: string, path: string, errors: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return void errors.push(`${path}: expected an object (${expectedType})`);
  const obj = value as Record<string, unknown>;
  const declared = typeName(obj['@odata.type']);
  const typeKey = declared && reference.types[declared] ? declared : expectedType;
  const type = reference.types[typeKey];
  if (!type) return void errors.push(`${path}: ${typeKey} is not in the reference`);
  // A derived type outside the extract (phoneAuthenticationMethod, servicePrincipal): extra properties are allowed.
  const open = declared !== undefined && !reference.types[declared];
  const { props, navs } = allProperties(type);
  for (const [key, v] of Object.entries(obj)) {
    if (key.startsWith('@odata.')) continue;
    const prop = props.find((p) => p.name === key);
    if (prop) {
      if (key === 'password' && v !== null) errors.push(`${path}.${key}: a password is returned`);
      checkValue(v, prop.type, prop.nullable, `${path}.${key}`, errors);
      continue;
    }
    const nav = navs.find((n) => n.name === key);
    if (nav) {
      if (v !== null) checkValue(v, nav.type, true, `${path}.${key}`, errors);
      continue;
    }
    if (!open) errors.push(`${path}.${key}: no property '${key}' on ${typeKey}`);
  }
}
