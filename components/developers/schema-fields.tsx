// A JSON Schema object's properties as a table: name, type, required, description. Used by the API
// reference page for request bodies and objects, all generated from the zod schemas.
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  $ref?: string;
};

export function typeOf(schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  if (schema.$ref) return "JSON";
  const base = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (base === "array" && schema.items) return `array of ${typeOf(schema.items)}`;
  return base;
}

export function constraints(schema: Schema): string {
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${schema.minimum} to ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  return parts.join(", ");
}

/** Flattens nested objects into dotted names, so a whole object reads as one table. */
function rows(schema: Schema, prefix = ""): { name: string; schema: Schema; required: boolean }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const full = `${prefix}${name}`;
    const row = { name: full, schema: property, required: schema.required?.includes(name) ?? false };
    const nested = property.type === "object" && property.properties ? rows(property, `${full}.`) : [];
    return [row, ...nested];
  });
}

export function SchemaFields({ schema, caption }: { schema: Schema; caption: string }) {
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full text-sm">
        <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">{caption}</caption>
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Field</th>
            <th scope="col" className="py-1 pr-3 font-medium">Type</th>
            <th scope="col" className="py-1 font-medium">Notes</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows(schema).map((row) => (
            <tr key={row.name}>
              <td className="py-1 pr-3 font-mono text-xs text-slate-900">
                {row.name}
                {row.required ? <span className="ml-1 text-red-700">required</span> : null}
              </td>
              <td className="py-1 pr-3 font-mono text-xs text-slate-700">{typeOf(row.schema)}</td>
              <td className="py-1 text-xs text-slate-700">{[row.schema.description, constraints(row.schema)].filter(Boolean).join(". ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type { Schema };
