// Any JSON value, as merchants' metadata holds them. One schema instance, registered under the id "JsonValue":
// the OpenAPI document describes it once, as components/schemas/JsonValue, and every use refers there. Every
// schema that carries a JSON value uses this one.
import { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]))
  .meta({ id: "JsonValue" });
