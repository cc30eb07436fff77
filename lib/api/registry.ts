// The one list of the REST API's routes. Each operation names its method, its path, the action of the
// permission table its handler asks for (so which keys may call it follows from that table), and the prose and
// schemas of its OpenAPI description. The OpenAPI document is built from this list; the tests hold it to the
// route files under app/api/v1 (every file and method listed, nothing listed without a file) and to what
// each handler really refuses over HTTP.
import type { ApiOperation, ApiRoute } from "./operation";
import { BALANCE_OPERATIONS } from "./operations/balance";
import { DEPOSIT_OPERATIONS } from "./operations/deposits";
import { EVENT_OPERATIONS } from "./operations/events";
import { LEDGER_OPERATIONS } from "./operations/ledger";
import { LNURL_OPERATIONS } from "./operations/lnurl";
import { PAYOUT_OPERATIONS } from "./operations/payouts";
import { WEBHOOK_ENDPOINT_OPERATIONS } from "./operations/webhook-endpoints";
import { WITHDRAW_OPERATIONS } from "./operations/withdraws";

/** Every operation of the API, in the order the document lists them. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...WITHDRAW_OPERATIONS,
  ...PAYOUT_OPERATIONS,
  ...DEPOSIT_OPERATIONS,
  ...LNURL_OPERATIONS,
  ...BALANCE_OPERATIONS,
  ...EVENT_OPERATIONS,
  ...WEBHOOK_ENDPOINT_OPERATIONS,
  ...LEDGER_OPERATIONS,
];

/**
 * Routes under /api/v1 that need no key: the document describing the API opens nothing, so it is public,
 * and it is not itself one of the operations it describes.
 */
export const PUBLIC_API_ROUTES: readonly ApiRoute[] = [{ method: "GET", path: "/api/v1/openapi.json" }];

/** The App Router form of a path: `/api/v1/withdraws/{id}` → `/api/v1/withdraws/[id]`. */
export function appRouterPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, "[$1]");
}
