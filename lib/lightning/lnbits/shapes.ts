// The JSON shapes of the LNbits wallet API that Sluice reads (lnbits/core/views/payment_api.py and
// wallet_api.py; lnbits/core/models/payments.py). Amounts and fees are msat; outgoing ones are negative.
import { z } from "zod";

// A JSON number beyond 2^53 has already lost digits: refuse it rather than record a wrong amount.
const msat = z.number().int().refine(Number.isSafeInteger);

/** A payment record (POST /api/v1/payments answers one since LNbits 1.0; `details` of a status read). */
export const lnbitsPayment = z.object({
  payment_hash: z.string().regex(/^[0-9a-f]{64}$/),
  // The wallet the payment belongs to: tells whether two keys open the same wallet (check-wallet-keys.ts).
  wallet_id: z.string().optional(),
  amount: msat,
  fee: msat.optional(),
  status: z.enum(["pending", "success", "failed"]).optional(),
  preimage: z.string().nullish(),
  bolt11: z.string().optional(),
  payment_request: z.string().optional(),
});

/** POST /api/v1/payments with out=false: a Payment since 1.0, {payment_hash, payment_request} before. */
export const lnbitsCreatedInvoice = z
  .object({ payment_hash: z.string().regex(/^[0-9a-f]{64}$/), payment_request: z.string().optional(), bolt11: z.string().optional() })
  .refine((v) => v.payment_request ?? v.bolt11, "no invoice");

/** POST /api/v1/payments with out=true: a Payment since 1.0, {payment_hash, checking_id} before. */
export const lnbitsPaid = z.object({
  payment_hash: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.enum(["pending", "success", "failed"]).optional(),
  fee: msat.optional(),
  preimage: z.string().nullish(),
});

/** GET /api/v1/payments/{payment_hash}: `paid` alone, plus `status` and `details` when our key owns it. */
export const lnbitsPaymentStatus = z.object({
  paid: z.boolean(),
  status: z.string().optional(),
  preimage: z.string().nullish(),
  details: lnbitsPayment.optional(),
});

/**
 * The body of a refused payment (HTTP 520, PaymentError): `status` says whether it is over. A repeated payment
 * carries the first one's state, "success" included (_verify_external_payment in
 * tests/fixtures/node-apis/lnbits/lnbits_core_services_payments.py).
 */
export const lnbitsPaymentError = z.object({ detail: z.string().optional(), status: z.enum(["pending", "success", "failed"]).optional() });

/** GET /api/v1/wallet: name and balance in msat (`id` only for the admin key). */
export const lnbitsWallet = z.object({ name: z.string(), balance: msat, id: z.string().optional() });
