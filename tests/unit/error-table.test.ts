// The one error table (lib/errors.ts) and its adapters: the REST API, the LNURL endpoints, forms and server
// actions, and dashboard downloads each answer every code as the table says.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/database/unavailable";
import { AppError, ERROR_TABLE, OWN_MESSAGE, SURFACES, type ErrorCode } from "@/lib/errors";
import { actionFailure, formError } from "@/lib/web/action-errors";
import { errorResponse } from "@/lib/web/api";
import { lnurlErrorReply } from "@/lib/web/lnurl";
import { refusedDownload } from "@/lib/web/session-export";

// The REST contract: every code with its HTTP status and error type. Integrators branch on these.
const CONTRACT: Record<ErrorCode, [number, string]> = {
  validation_error: [400, "invalid_request_error"],
  invalid_credentials: [401, "authentication_error"],
  authentication_required: [401, "authentication_error"],
  forbidden: [403, "permission_error"],
  not_found: [404, "invalid_request_error"],
  setup_already_done: [409, "invalid_request_error"],
  email_taken: [409, "invalid_request_error"],
  last_owner: [409, "invalid_request_error"],
  cannot_remove_self: [409, "invalid_request_error"],
  database_unavailable: [503, "api_error"],
  rate_unavailable: [503, "api_error"],
  api_key_invalid: [401, "authentication_error"],
  insufficient_scope: [403, "permission_error"],
  insufficient_balance: [400, "invalid_request_error"],
  batch_invalid: [400, "invalid_request_error"],
  withdraw_not_cancellable: [409, "invalid_request_error"],
  lightning_unavailable: [503, "api_error"],
  webhook_url_not_allowed: [400, "invalid_request_error"],
  lnurl_url_not_allowed: [400, "invalid_request_error"],
  lnurl_refused: [400, "invalid_request_error"],
  lnurl_unreachable: [502, "api_error"],
  lnurl_bad_response: [502, "api_error"],
  lnurl_bad_invoice: [502, "api_error"],
  invoice_already_used: [409, "invalid_request_error"],
  webhook_delivery_busy: [409, "invalid_request_error"],
  webhook_endpoint_has_deliveries: [409, "invalid_request_error"],
  route_not_found: [404, "invalid_request_error"],
  method_not_allowed: [405, "invalid_request_error"],
  invalid_json: [400, "invalid_request_error"],
  body_too_large: [413, "invalid_request_error"],
  idempotency_key_invalid: [400, "idempotency_error"],
  idempotency_key_reused: [400, "idempotency_error"],
  idempotency_key_in_use: [409, "idempotency_error"],
  rate_limited: [429, "rate_limit_error"],
  sign_in_throttled: [429, "rate_limit_error"],
  wallet_key_linked: [409, "invalid_request_error"],
  wallet_link_unavailable: [409, "invalid_request_error"],
  internal_error: [500, "api_error"],
};

const CODES = Object.keys(ERROR_TABLE) as ErrorCode[];
const OWN = "Own words of this error.";
const INTERNAL_REST = "Something went wrong on our side. Try again later.";
const INTERNAL_FORM = "Something went wrong on our side. Try again.";
const LNURL_UNAVAILABLE = "The service is temporarily unavailable. Try again shortly.";
const LNURL_NO_DATABASE = "The service cannot reach its database right now. Try again in a minute.";

// What each surface shows, written out: a wallet reads only an LNURL refusal in its own words; only a bug's
// message and a database outage are worded by the table on the REST API and in forms.
function expectedWords(code: ErrorCode): { rest: string; form: string; lnurl: string } {
  if (code === "internal_error") return { rest: INTERNAL_REST, form: INTERNAL_FORM, lnurl: LNURL_UNAVAILABLE };
  if (code === "database_unavailable") return { rest: DATABASE_UNAVAILABLE_MESSAGE, form: DATABASE_UNAVAILABLE_MESSAGE, lnurl: LNURL_NO_DATABASE };
  return { rest: OWN, form: OWN, lnurl: code === "lnurl_refused" ? OWN : LNURL_UNAVAILABLE };
}

let log = vi.spyOn(console, "error").mockImplementation(() => {});
afterEach(() => {
  log.mockRestore();
  log = vi.spyOn(console, "error").mockImplementation(() => {});
});

describe("the error table", () => {
  it("holds exactly the codes of the REST contract, each with its status and type", () => {
    expect(Object.fromEntries(CODES.map((code) => [code, [ERROR_TABLE[code].status, ERROR_TABLE[code].type]]))).toEqual(CONTRACT);
  });

  it.each(CODES)("words %s on every surface", (code) => {
    for (const surface of SURFACES) {
      const wording: string = ERROR_TABLE[code][surface];
      expect(wording === OWN_MESSAGE || wording.trim().length > 0, `${code} on ${surface}`).toBe(true);
    }
  });
});

describe.each(CODES)("%s", (code) => {
  const words = expectedWords(code);
  const [status, type] = CONTRACT[code];
  const error = () => new AppError(code, OWN, "field");

  it("is answered by the REST API with its status, type and words", async () => {
    const res = errorResponse(error());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { type, code, message: words.rest, param: "field" } });
    expect(res.headers.get("retry-after")).toBe(code === "database_unavailable" ? "5" : null);
  });

  it("is answered by an LNURL endpoint with HTTP 200 and the wallet's words, logged when they are not its own", async () => {
    const res = lnurlErrorReply(error());
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ status: "ERROR", reason: words.lnurl });
    expect(log).toHaveBeenCalledTimes(words.lnurl === OWN ? 0 : 1);
  });

  it("is shown by forms and server actions in the form's words, next to its field when they are its own", () => {
    const field = words.form === OWN ? "field" : undefined;
    expect(actionFailure(error(), "test")).toEqual({ ok: false, message: words.form, ...(field ? { field } : {}), ...(code === "lnurl_refused" ? { refused: true } : {}) });
    expect(formError(error(), {}, ["field"])).toEqual(field ? { status: "invalid", fields: { field: OWN }, values: {} } : { status: "failed", message: words.form, values: {} });
  });

  it("sends a download back to its form when it is a refusal (4xx), and is the server's error otherwise", () => {
    const request = new Request("http://localhost/exports/download?dataset=ledger");
    if (status < 500) {
      const res = refusedDownload(request, "/exports", { dataset: "ledger" }, error());
      expect(res.status).toBe(303);
      expect(new URL(res.headers.get("location")!, request.url).searchParams.get("error")).toBe("refused");
    } else {
      expect(() => refusedDownload(request, "/exports", { dataset: "ledger" }, error())).toThrow(OWN);
    }
  });
});

describe("an error that is not an AppError", () => {
  const outage = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const bug = new TypeError("Cannot read properties of undefined (reading 'secretHash')");

  it("is a database outage where the database cannot be reached: 503 with Retry-After, and the words of each surface", async () => {
    const res = errorResponse(outage);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: { type: "api_error", code: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE } });
    expect(await lnurlErrorReply(outage).json()).toEqual({ status: "ERROR", reason: LNURL_NO_DATABASE });
    expect(actionFailure(outage, "test")).toEqual({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE });
    expect(log.mock.calls.map((call) => call.join(" "))).toEqual(Array(3).fill(expect.stringContaining("database unavailable: connect ECONNREFUSED")));
  });

  it("is internal_error anywhere else, logged and never shown", async () => {
    const res = errorResponse(bug);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { type: "api_error", code: "internal_error", message: INTERNAL_REST } });
    expect(await lnurlErrorReply(bug).json()).toEqual({ status: "ERROR", reason: LNURL_UNAVAILABLE });
    expect(actionFailure(bug, "test")).toEqual({ ok: false, message: INTERNAL_FORM });
    expect(log.mock.calls.map((call) => call.at(-1))).toEqual([bug, bug, bug]);
  });

  it("is rethrown by a form with field state and by a download, for the page's error boundary", () => {
    expect(() => formError(bug, {})).toThrow(bug);
    expect(() => refusedDownload(new Request("http://localhost/exports/download"), "/exports", {}, bug)).toThrow(bug);
  });
});
