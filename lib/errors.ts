// One error type for the whole domain, with a closed set of codes and one table mapping each code to its
// HTTP status and error type. Messages are written for the person who will read them.

export const ERROR_TABLE = {
  validation_error: { status: 400, type: "invalid_request_error" },
  invalid_credentials: { status: 401, type: "authentication_error" },
  authentication_required: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "invalid_request_error" },
  setup_already_done: { status: 409, type: "invalid_request_error" },
  email_taken: { status: 409, type: "invalid_request_error" },
  last_owner: { status: 409, type: "invalid_request_error" },
  cannot_remove_self: { status: 409, type: "invalid_request_error" },
  database_unavailable: { status: 503, type: "api_error" },
  rate_unavailable: { status: 503, type: "api_error" },
  api_key_invalid: { status: 401, type: "authentication_error" },
  insufficient_scope: { status: 403, type: "permission_error" },
  insufficient_balance: { status: 400, type: "invalid_request_error" },
  // A batch CSV with bad rows: the response lists them (error.errors: [{row, column, message}]).
  batch_invalid: { status: 400, type: "invalid_request_error" },
  withdraw_not_cancellable: { status: 409, type: "invalid_request_error" },
  lightning_unavailable: { status: 503, type: "api_error" },
  webhook_url_not_allowed: { status: 400, type: "invalid_request_error" },
  // Payouts and scan (issue 9): an LNURL or Lightning Address service that cannot be used, or that misbehaves.
  lnurl_url_not_allowed: { status: 400, type: "invalid_request_error" },
  lnurl_refused: { status: 400, type: "invalid_request_error" },
  lnurl_unreachable: { status: 502, type: "api_error" },
  lnurl_bad_response: { status: 502, type: "api_error" },
  lnurl_bad_invoice: { status: 502, type: "api_error" },
  invoice_already_used: { status: 409, type: "invalid_request_error" },
  webhook_delivery_busy: { status: 409, type: "invalid_request_error" },
  route_not_found: { status: 404, type: "invalid_request_error" },
  invalid_json: { status: 400, type: "invalid_request_error" },
  body_too_large: { status: 413, type: "invalid_request_error" },
  idempotency_key_invalid: { status: 400, type: "idempotency_error" },
  idempotency_key_reused: { status: 400, type: "idempotency_error" },
  idempotency_key_in_use: { status: 409, type: "idempotency_error" },
  rate_limited: { status: 429, type: "rate_limit_error" },
  // Too many failed password sign-ins for the account or from the address: refused before any hashing.
  sign_in_throttled: { status: 429, type: "rate_limit_error" },
  wallet_key_linked: { status: 409, type: "invalid_request_error" },
  wallet_link_unavailable: { status: 409, type: "invalid_request_error" },
  internal_error: { status: 500, type: "api_error" },
} as const satisfies Record<string, { status: number; type: string }>;

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

  get type(): string {
    return ERROR_TABLE[this.code].type;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
