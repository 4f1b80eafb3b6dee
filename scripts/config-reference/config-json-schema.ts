// reclaim.yaml as JSON Schema (draft-07: what the YAML language server behind most editors reads),
// generated from the one zod schema. `io: 'input'`: keys with a default are optional in the file.
import { z } from 'zod';
import { configSchema } from '../../src/app/config/config-schema.ts';

export type JsonSchema = {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

export function configJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as JsonSchema;
  return { $schema: schema.$schema, title: 'reclaim.yaml', ...schema };
}

/** The text of docs/reclaim.schema.json. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
