// A list operation of the REST API: every list is a GET answering a keyset page (lib/database/keyset-page.ts),
// newest first, with the same paging prose, statuses and answer wording; only its nouns and schemas differ.
import type { z } from "zod";
import type { Action } from "../../auth/permissions";
import type { ApiOperation } from "../operation";

const PAGING = "Newest first. Page with `starting_after` (older) or `ending_before` (newer), using an id from the previous page.";

export function pagedList(list: {
  path: string;
  action: Action;
  operationId: string;
  summary: string;
  query: z.ZodType;
  /** What one page holds, e.g. "A page of payouts.". */
  page: string;
  schema: string;
}): ApiOperation {
  return {
    method: "GET",
    path: list.path,
    action: list.action,
    operationId: list.operationId,
    summary: list.summary,
    description: PAGING,
    query: list.query,
    success: { status: 200, description: list.page, schema: list.schema },
    errors: [400, 401, 429],
  };
}
