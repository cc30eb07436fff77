// The JSON shapes of the Core Lightning RPC answers Sluice reads over CLNRest (doc/schemas/*.json in
// ElementsProject/lightning). msat amounts are numbers since v23; older nodes wrote "1000msat".
import { z } from "zod";

const msat = z.union([
  // A JSON number beyond 2^53 has already lost digits: refuse it rather than record a wrong amount.
  z.number().int().nonnegative().refine(Number.isSafeInteger).transform(BigInt),
  z
    .string()
    .regex(/^\d+(msat)?$/)
    .transform((v) => BigInt(v.replace("msat", ""))),
]);
const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const clnGetinfo = z.object({ id: z.string().regex(/^[0-9a-f]{66}$/), alias: z.string().optional(), network: z.string(), version: z.string().optional() });

/** xpay's answer (doc/schemas/xpay.json): only once the payment succeeded; no status, no payment_hash. */
export const clnXpay = z.object({ payment_preimage: hash, amount_msat: msat, amount_sent_msat: msat });

export const clnInvoice = z.object({ bolt11: z.string(), payment_hash: hash, expires_at: z.number().int() });

export const clnPay = z.object({
  payment_hash: hash,
  status: z.enum(["complete", "pending", "failed"]),
  payment_preimage: z.string().optional(),
  amount_msat: msat,
  amount_sent_msat: msat,
});

/** listpays: one entry per pay command (its parts combined); amount_msat may be missing, see the schema. */
export const clnListpays = z.object({
  pays: z.array(
    z.object({
      payment_hash: hash,
      status: z.enum(["pending", "failed", "complete"]),
      preimage: z.string().optional(),
      amount_msat: msat.optional(),
      amount_sent_msat: msat.optional(),
    }),
  ),
});

/** listsendpays: every part; used when listpays has no amount to subtract the fee from. */
export const clnListsendpays = z.object({
  payments: z.array(z.object({ payment_hash: hash, status: z.enum(["pending", "failed", "complete"]), amount_msat: msat.optional(), amount_sent_msat: msat })),
});

export const clnListinvoices = z.object({
  invoices: z.array(
    z.object({ payment_hash: hash, status: z.enum(["unpaid", "paid", "expired"]), amount_msat: msat.optional(), amount_received_msat: msat.optional() }),
  ),
});

export const clnListfunds = z.object({ channels: z.array(z.object({ our_amount_msat: msat, state: z.string().optional() })) });

/** An RPC error as CLNRest returns it (HTTP 500 and a JSON RpcError: code, message, data). */
export const clnRpcError = z.object({ code: z.number().int().optional(), message: z.string().optional() });
