// One error type for the whole domain, with a closed set of codes, and one table that says for each code how
// every surface answers it: the HTTP status and error type of the REST API, and the words the REST API and
// forms (the merchant's people, the claim page's customer) and the LNURL endpoints (a customer's wallet)
// show. Messages are written for the person who will read them; the table says where that person is.
// An import back up into lib/database/ (named in tests/unit/layers.test.ts): unavailable.ts only classifies
// driver errors and imports nothing.
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./database/unavailable";

/** The error's own message: a surface with this wording shows `error.message` as it is. */
export const OWN_MESSAGE = "own message";
type Wording = typeof OWN_MESSAGE | (string & {});

export type ApiErrorType = "invalid_request_error" | "authentication_error" | "permission_error" | "rate_limit_error" | "idempotency_error" | "api_error";

export type ErrorRow = {
  status: number;
  type: ApiErrorType;
  /** REST answers' `message`. */
  rest: Wording;
  /** Server actions and forms. */
  form: Wording;
  /** LNURL endpoints' `reason`. A wallet's user is a customer: a message for the merchant is not theirs to read. */
  lnurl: Wording;
  /** REST answers' Retry-After, where the answer is "try again shortly" without a count of its own. */
  retryAfterSeconds?: number;
};

export const SURFACES = ["rest", "form", "lnurl"] as const;
export type Surface = (typeof SURFACES)[number];

const LNURL_UNAVAILABLE = "The service is temporarily unavailable. Try again shortly.";

// Most codes: the REST API and forms show the message, an LNURL wallet the general "unavailable" (no LNURL
// step raises them, so one that does is a bug, and is logged).
function row(status: number, type: ApiErrorType, wording: Partial<Pick<ErrorRow, Surface | "retryAfterSeconds">> = {}): ErrorRow {
  return { status, type, rest: OWN_MESSAGE, form: OWN_MESSAGE, lnurl: LNURL_UNAVAILABLE, ...wording };
}

export const ERROR_TABLE = {
  validation_error: row(400, "invalid_request_error"),
  invalid_credentials: row(401, "authentication_error"),
  authentication_required: row(401, "authentication_error"),
  forbidden: row(403, "permission_error"),
  not_found: row(404, "invalid_request_error"),
  setup_already_done: row(409, "invalid_request_error"),
  email_taken: row(409, "invalid_request_error"),
  last_owner: row(409, "invalid_request_error"),
  cannot_remove_self: row(409, "invalid_request_error"),
  // A database outage is not a bug: every surface says "try again shortly" in its own words.
  database_unavailable: row(503, "api_error", {
    rest: DATABASE_UNAVAILABLE_MESSAGE,
    form: DATABASE_UNAVAILABLE_MESSAGE,
    lnurl: "The service cannot reach its database right now. Try again in a minute.",
    retryAfterSeconds: 5,
  }),
  rate_unavailable: row(503, "api_error"),
  api_key_invalid: row(401, "authentication_error"),
  insufficient_scope: row(403, "permission_error"),
  insufficient_balance: row(400, "invalid_request_error"),
  // A batch CSV with bad rows: the response lists them (error.errors: [{row, column, message}]).
  batch_invalid: row(400, "invalid_request_error"),
  withdraw_not_cancellable: row(409, "invalid_request_error"),
  lightning_unavailable: row(503, "api_error"),
  webhook_url_not_allowed: row(400, "invalid_request_error"),
  // Payouts and scan (issue 9): an LNURL or Lightning Address service that cannot be used, or that misbehaves.
  lnurl_url_not_allowed: row(400, "invalid_request_error"),
  // An LNURL service refused, with a reason written for the wallet's user: another service refusing us, or
  // our own LNURL endpoints refusing a wallet (the one code whose message a wallet shows as it is).
  lnurl_refused: row(400, "invalid_request_error", { lnurl: OWN_MESSAGE }),
  lnurl_unreachable: row(502, "api_error"),
  lnurl_bad_response: row(502, "api_error"),
  lnurl_bad_invoice: row(502, "api_error"),
  invoice_already_used: row(409, "invalid_request_error"),
  webhook_delivery_busy: row(409, "invalid_request_error"),
  webhook_endpoint_has_deliveries: row(409, "invalid_request_error"),
  route_not_found: row(404, "invalid_request_error"),
  // A REST route asked with a method it does not serve: the answer's Allow header names those it does.
  method_not_allowed: row(405, "invalid_request_error"),
  invalid_json: row(400, "invalid_request_error"),
  body_too_large: row(413, "invalid_request_error"),
  idempotency_key_invalid: row(400, "idempotency_error"),
  idempotency_key_reused: row(400, "idempotency_error"),
  idempotency_key_in_use: row(409, "idempotency_error"),
  rate_limited: row(429, "rate_limit_error"),
  // Too many failed password sign-ins for the account or from the address: refused before any hashing.
  sign_in_throttled: row(429, "rate_limit_error"),
  wallet_key_linked: row(409, "invalid_request_error"),
  wallet_link_unavailable: row(409, "invalid_request_error"),
  // A bug, or anything else unexpected: its message is for the log, never for a client.
  internal_error: row(500, "api_error", {
    rest: "Something went wrong on our side. Try again later.",
    form: "Something went wrong on our side. Try again.",
  }),
} as const satisfies Record<string, ErrorRow>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  get type(): ApiErrorType {
    return ERROR_TABLE[this.code].type;
  }

  /**
   * What the REST answer's error object carries beside type, code, message and param: nothing, unless a kind
   * of error says more (a batch's bad rows). The REST adapter (lib/web/api.ts) knows no kind of error itself.
   */
  restFields(): Record<string, unknown> {
    return {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The words `surface` shows for an error of `code` whose own message is `message`. */
export function wordingOf(code: ErrorCode, message: string, surface: Surface): string {
  const wording = ERROR_TABLE[code][surface];
  return wording === OWN_MESSAGE ? message : wording;
}

/**
 * How `surface` answers anything thrown: an AppError as the table says; a database that cannot be reached as
 * database_unavailable; anything else as internal_error. Whatever the surface does not show in the error's
 * own words (a bug, an outage, a message meant for other eyes) is logged after `where`, never answered.
 * Logs carry the error, never the request: a withdraw link's secret travels in LNURL paths.
 */
export function answerOf(thrown: unknown, surface: Surface, where: string): { error: AppError; message: string } {
  const error = isAppError(thrown)
    ? thrown
    : isDatabaseUnavailable(thrown)
      ? new AppError("database_unavailable", DATABASE_UNAVAILABLE_MESSAGE)
      : new AppError("internal_error", "An unexpected error.");
  const message = wordingOf(error.code, error.message, surface);
  if (!isAppError(thrown) && error.code === "database_unavailable") {
    // One line: the driver's message says which connection failed; its stack says nothing more.
    const detail = String((thrown as { message?: unknown }).message ?? "").trim().split("\n").pop();
    console.error(`${where}: database unavailable: ${detail}`);
  } else if (message !== error.message || !isAppError(thrown)) {
    console.error(`${where}:`, thrown);
  }
  return { error, message };
}
