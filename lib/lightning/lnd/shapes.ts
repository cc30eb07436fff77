// The JSON shapes of LND's REST gateway that Sluice reads (lightning.proto, routerrpc/router.proto). int64
// fields arrive as decimal strings; `bytes` fields as base64; lnrpc.Payment's hashes are hex strings.
import { z } from "zod";

const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int().refine(Number.isSafeInteger)]).transform((v) => BigInt(v));

export const lndGetinfo = z.object({
  identity_pubkey: z.string().regex(/^[0-9a-f]{66}$/),
  alias: z.string().optional(),
  version: z.string().optional(),
  chains: z.array(z.object({ chain: z.string(), network: z.string() })).min(1),
});

export const lndAddInvoice = z.object({ r_hash: z.string(), payment_request: z.string() });

export const lndInvoice = z.object({
  state: z.enum(["OPEN", "SETTLED", "CANCELED", "ACCEPTED"]),
  value_msat: int64.optional(),
  amt_paid_msat: int64.optional(),
});

/** lnrpc.Payment, as streamed by /v2/router/send and /v2/router/track. */
export const lndPayment = z.object({
  payment_hash: z.string(),
  status: z.enum(["UNKNOWN", "IN_FLIGHT", "SUCCEEDED", "FAILED", "INITIATED"]),
  payment_preimage: z.string().optional(),
  fee_msat: int64.optional(),
  failure_reason: z.string().optional(),
});

/** A gRPC status as the gateway writes it: bare for unary calls, under "error" in a stream. */
export const lndStatus = z.object({ code: z.number().int().optional(), message: z.string().optional() });

export const lndChannelBalance = z.object({ local_balance: z.object({ msat: int64 }).optional(), balance: int64.optional() });
