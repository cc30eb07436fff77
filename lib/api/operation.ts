// What one operation of the REST API is: its method and path, the action of the permission table its handler
// asks for, and the prose and schemas of its OpenAPI description. The operations under operations/ and the
// registry that lists them both import these types from here, so no operation imports the registry that
// imports it.
import type { z } from "zod";
import type { Action } from "../auth/permissions";

export type JsonSchema = Record<string, unknown>;

export type ApiRoute = {
  method: "GET" | "POST" | "DELETE";
  /** The OpenAPI form, `/api/v1/withdraws/{id}`; the route file's folder names the parameter `[id]`. */
  path: string;
};

export type ApiOperation = ApiRoute & {
  /** What the handler asks the permission table for: a key whose scope the table refuses is answered 403. */
  action: Action;
  operationId: string;
  summary: string;
  description: string;
  query?: z.ZodType;
  body?: z.ZodType;
  pathId?: string;
  /** The id's pattern when it is not a withdraw's. */
  pathIdPattern?: string;
  /** A path parameter other than an id (the scanned code). */
  pathParameter?: JsonSchema;
  /** A request body that is not JSON (the batch upload's CSV file). */
  requestContent?: Record<string, JsonSchema>;
  success: { status: number; description: string; schema?: string; content?: Record<string, JsonSchema> };
  /** The error statuses it may answer, but for 403, which follows from the action. */
  errors: number[];
};
