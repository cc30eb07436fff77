// LNbits publishes no static API definition: its answers are what its handlers return. This is that contract,
// written from the handlers vendored in tests/fixtures/node-apis/lnbits/ (lnbits/lnbits at 7d98c6b0), each
// rule naming the function it follows. Every answer of the fake LNbits is checked against it.
import { z } from "zod";
import type { Contract, Exchange } from "../fake-lightning";

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const int = z.number().int();

/** lnbits_core_models_payments.py, class Payment (a pydantic model: no other fields); status: class PaymentState. */
export const lnbitsPaymentModel = z.strictObject({
  checking_id: z.string(),
  payment_hash: hash,
  wallet_id: z.string(),
  amount: int,
  fee: int,
  bolt11: z.string(),
  payment_request: z.string().nullish(),
  fiat_provider: z.string().nullish(),
  status: z.enum(["pending", "success", "failed"]),
  memo: z.string().nullish(),
  expiry: z.string().nullish(),
  webhook: z.string().nullish(),
  webhook_status: z.string().nullish(),
  preimage: z.string().nullish(),
  tag: z.string().nullish(),
  extension: z.string().nullish(),
  time: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  labels: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.unknown()),
});

/** HTTPException and the handlers of lnbits_exceptions.py (http_exception_handler, value_error_handler, …): {detail}. */
const detail = (text?: string) => z.strictObject({ detail: text === undefined ? z.string() : z.literal(text) });

/**
 * lnbits_exceptions.py, payment_error_handler / invoice_error_handler: HTTP 520 {detail, status}, where status
 * is PaymentError's: "pending" by default, "failed" for a refusal, and for a repeated payment (services/
 * payments.py _verify_external_payment) "pending" (still pending), "success" (already paid; or a failed
 * record the funding source reports paid) or "failed" (failed at the node, retrying not possible).
 */
const paymentError = z.strictObject({ detail: z.string(), status: z.enum(["pending", "success", "failed"]) });

/**
 * lnbits_core_views_payment_api.py, api_payment: {paid, preimage, details} when paid; {paid: false, status:
 * "failed", details} when failed; {paid: false, details} when the funding source could not be asked;
 * {paid, status, preimage, details} after asking it; `details` only for a key of the payment's own wallet.
 */
const paymentStatus = z.union([
  z.strictObject({ paid: z.literal(true), preimage: z.string().nullable(), details: lnbitsPaymentModel.optional() }),
  z.strictObject({ paid: z.literal(false), status: z.literal("failed"), details: lnbitsPaymentModel.optional() }),
  z.strictObject({ paid: z.literal(false), details: lnbitsPaymentModel.optional() }),
  z.strictObject({ paid: z.boolean(), status: z.enum(["pending", "success", "failed"]), preimage: z.string().nullable(), details: lnbitsPaymentModel }),
  z.strictObject({ paid: z.boolean(), preimage: z.string().nullable() }),
]);

type Rule = { method: string; path: RegExp; answers: Record<number, z.ZodType> };

// The key checks every wallet-API route runs first (lnbits_decorators.py): KeyChecker._extract_key_value → 401
// "No Api Key provided."; KeyChecker.__call__ → 404 "Wallet not found." for a key no wallet has;
// _extract_key_type → 403 "Invalid adminkey." where the admin key is required.
const KEY_CHECKS = { 401: detail("No Api Key provided."), 404: detail("Wallet not found.") };

const RULES: Rule[] = [
  // lnbits_core_views_wallet_api.py, api_wallet (require_invoice_key): {name, balance} and id for the admin key.
  { method: "GET", path: /^\/api\/v1\/wallet$/, answers: { ...KEY_CHECKS, 200: z.strictObject({ name: z.string(), balance: int, id: z.string().optional() }) } },
  // lnbits_core_views_payment_api.py, api_payments_create (require_base_invoice_key; status_code=CREATED): the
  // Payment; 400 "Missing BOLT11 invoice" (and value_error_handler's 400); 403 "Invoice (or Admin) key
  // required." for out=true with the invoice key; 520 for PaymentError / InvoiceError.
  {
    method: "POST",
    path: /^\/api\/v1\/payments$/,
    answers: { ...KEY_CHECKS, 201: lnbitsPaymentModel, 400: detail(), 403: detail("Invoice (or Admin) key required."), 500: detail(), 520: paymentError },
  },
  // lnbits_core_views_payment_api.py, api_payment (no key checker: x_api_key is optional) and 404 "Payment does not exist.".
  { method: "GET", path: /^\/api\/v1\/payments\/[0-9a-f]{64}$/, answers: { 200: paymentStatus, 404: detail("Payment does not exist.") } },
];

export const lnbitsContract: Contract = (exchange: Exchange) => {
  if (!exchange.complete) return { violations: [], checks: 0 };
  const pathname = new URL(exchange.path, "http://x").pathname;
  const rule = RULES.find((r) => r.method === exchange.method && r.path.test(pathname));
  let body: unknown;
  try {
    body = JSON.parse(exchange.body);
  } catch {
    return { violations: [`not JSON: ${exchange.body.slice(0, 80)}`], checks: 1 };
  }
  // lnbits_exceptions.py, error_handler_404: an unknown API route is 404 {detail: "Not Found"}.
  if (!rule) return { violations: exchange.status === 404 ? issues(detail(), body) : [`no such route, yet answered ${exchange.status}`], checks: 1 };
  const schema = rule.answers[exchange.status];
  if (!schema) return { violations: [`the handler never answers ${exchange.status}`], checks: 1 };
  return { violations: issues(schema, body), checks: 1 };
};

function issues(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `$.${i.path.join(".")}: ${i.message}`);
}
