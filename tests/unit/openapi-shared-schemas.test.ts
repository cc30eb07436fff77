// The OpenAPI document keeps no local `$defs` (in OpenAPI, `#/$defs/…` points at the document's root): a
// schema zod extracts by its id is described once under components/schemas and referred to there, and a
// document that would be ambiguous is refused when it is built.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hoistDefs, openApiDocument } from "@/lib/api/openapi";
import type { JsonSchema } from "@/lib/api/operation";

function schemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return rest;
}

function documentWith(schemas: Record<string, JsonSchema>) {
  return { openapi: "3.1.0", paths: {}, components: { schemas } };
}

describe("shared schemas of the OpenAPI document", () => {
  it("describes the JSON value of metadata once, under components/schemas, and every ref points at a component", () => {
    const text = JSON.stringify(openApiDocument("https://sluice.example"));
    const doc = JSON.parse(text) as { components: { schemas: Record<string, JsonSchema> } };
    expect(text).not.toContain('"$defs"');
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toContain("#/components/schemas/JsonValue");
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(doc.components.schemas)).toContain(ref.slice("#/components/schemas/".length));
    }
  });

  it("hoists a schema with an id from every place it appears, once", () => {
    const Tree: z.ZodType<{ children: unknown[] }> = z.lazy(() => z.object({ children: z.array(Tree) })).meta({ id: "Tree" });
    const hoisted = hoistDefs(documentWith({ A: schemaOf(z.object({ t: Tree })), B: schemaOf(z.object({ u: Tree })) })) as ReturnType<typeof documentWith>;
    expect(Object.keys(hoisted.components.schemas)).toEqual(["A", "B", "Tree"]);
    expect(hoisted.components.schemas.A).toEqual({
      type: "object",
      properties: { t: { $ref: "#/components/schemas/Tree" } },
      required: ["t"],
      additionalProperties: false,
    });
    expect(hoisted.components.schemas.Tree).toMatchObject({ properties: { children: { items: { $ref: "#/components/schemas/Tree" } } } });
  });

  it("refuses a recursive schema without an id, two schemas with one id, and an id that is a named schema", () => {
    expect(() => hoistDefs(documentWith({ A: schemaOf(z.object({ m: z.json() })) }))).toThrow(/without an id \(__schema0\)/);
    const one = z.string().meta({ id: "Code" });
    const other = z.number().meta({ id: "Code" });
    expect(() => hoistDefs(documentWith({ A: schemaOf(z.object({ c: one })), B: schemaOf(z.object({ c: other })) }))).toThrow(/two different schemas have the id Code/);
    expect(() => hoistDefs(documentWith({ A: schemaOf(z.object({ c: one })), Code: { type: "string" } }))).toThrow(/Code is also a named schema/);
  });
});
