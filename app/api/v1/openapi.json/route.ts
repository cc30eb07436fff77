// The OpenAPI 3.1 document, public: it describes the API, it does not open it.
import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";
import { otherMethods } from "@/lib/web/other-methods";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(openApiDocument(env().publicUrl), { headers: { "Cache-Control": "public, max-age=300" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
