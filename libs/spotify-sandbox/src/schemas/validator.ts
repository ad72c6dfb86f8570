/** A tiny JSON-schema-like validator (no dependencies) for the response shapes in this folder. */

export type Schema =
  | {
      type: 'string';
      nullable?: boolean;
      enum?: readonly string[];
      pattern?: RegExp;
      format?: 'date-time' | 'uri';
    }
  | { type: 'integer' | 'number'; nullable?: boolean; minimum?: number; maximum?: number }
  | { type: 'boolean'; nullable?: boolean }
  | { type: 'array'; items: Schema; nullable?: boolean; minItems?: number; maxItems?: number }
  | {
      type: 'object';
      properties: Record<string, Schema>;
      required?: readonly string[];
      /** false: no other keys allowed (default true, as in JSON Schema). */
      additionalProperties?: boolean;
      nullable?: boolean;
    }
  | { oneOf: readonly Schema[] };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Returns a list of problems (empty when the value matches). */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  if ('oneOf' in schema) {
    const results = schema.oneOf.map((s) => validate(s, value, path));
    const passing = results.filter((r) => r.length === 0).length;
    return passing === 1
      ? []
      : [`${path}: matches ${passing} of the oneOf schemas (${results.flat().slice(0, 3).join('; ')})`];
  }
  if (value === null) return schema.nullable ? [] : [`${path}: null is not allowed`];
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected string, got ${typeof value}`];
      const errors: string[] = [];
      if (schema.enum && !schema.enum.includes(value))
        errors.push(`${path}: "${value}" not in [${schema.enum.join(', ')}]`);
      if (schema.pattern && !schema.pattern.test(value))
        errors.push(`${path}: "${value}" does not match ${schema.pattern}`);
      if (schema.format === 'date-time' && !ISO_DATE_TIME.test(value))
        errors.push(`${path}: "${value}" is not a date-time`);
      if (schema.format === 'uri' && !/^https?:\/\/\S+$/.test(value))
        errors.push(`${path}: "${value}" is not a URL`);
      return errors;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path}: expected ${schema.type}`];
      if (schema.type === 'integer' && !Number.isInteger(value))
        return [`${path}: expected integer, got ${value}`];
      if (schema.minimum !== undefined && value < schema.minimum)
        return [`${path}: ${value} < ${schema.minimum}`];
      if (schema.maximum !== undefined && value > schema.maximum)
        return [`${path}: ${value} > ${schema.maximum}`];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected boolean`];
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected array`];
      const errors: string[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems)
        errors.push(`${path}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        errors.push(`${path}: more than ${schema.maxItems} items`);
      value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`)));
      return errors;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
      const obj = value as Record<string, unknown>;
      const errors: string[] = [];
      for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: required`);
      for (const [key, v] of Object.entries(obj)) {
        const prop = schema.properties[key];
        if (prop) errors.push(...validate(prop, v, `${path}.${key}`));
        else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
      }
      return errors;
    }
  }
}

/** Throws with every problem listed when the value does not match. */
export function assertMatches(schema: Schema, value: unknown, name = 'value'): void {
  const errors = validate(schema, value);
  if (errors.length > 0) {
    throw new Error(`${name} does not match its schema:\n  ${errors.slice(0, 20).join('\n  ')}`);
  }
}

/** An object schema where every listed property is required and nothing else is allowed. */
export function strictObject(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}
