// The JSON of NIP-47 responses Sluice reads (nip-47.md, "Commands"; vendored in tests/fixtures/node-apis/nwc/).
// A response is { result_type, error, result }: `error` is null (or absent) on success, else { code, message },
// and then `result` is null. Amounts are msat, times unix seconds. Optional fields stay optional here.
import { z } from "zod";

// A JSON number beyond 2^53 has already lost digits: refuse it rather than record a wrong amount.
const msat = z.number().int().nonnegative().refine(Number.isSafeInteger);
const hex32 = z.string().regex(/^[0-9a-fA-F]{64}$/).transform((v) => v.toLowerCase());

export const nwcResponse = z.object({
  result_type: z.string(),
  error: z.object({ code: z.string(), message: z.string().optional().default("") }).nullable().optional(),
  result: z.unknown().optional(),
});

/** get_info. `network` is "mainnet", "testnet", "signet" or "regtest"; `methods` what this connection may call. */
export const nwcInfo = z.object({
  alias: z.string().optional(),
  pubkey: z.string().optional(),
  network: z.string().optional(),
  methods: z.array(z.string()),
});

/** get_balance: the balance in msat. */
export const nwcBalance = z.object({ balance: msat });

/** pay_invoice: the preimage, and the fee (msat) when the wallet reports it. */
export const nwcPaid = z.object({ preimage: hex32, fees_paid: msat.optional() });

/**
 * make_invoice and lookup_invoice: a transaction. `state` is optional ("pending", "settled", "accepted",
 * "expired" for invoices, "failed" for payments); `amount` is the one amount NIP-47 gives, in msat.
 */
export const nwcTransaction = z.object({
  type: z.enum(["incoming", "outgoing"]).optional(),
  state: z.string().optional(),
  invoice: z.string().optional(),
  preimage: z.string().optional(),
  payment_hash: hex32,
  amount: msat,
  fees_paid: msat.optional(),
  created_at: z.number().optional(),
  expires_at: z.number().optional(),
  settled_at: z.number().optional(),
});
export type NwcTransaction = z.infer<typeof nwcTransaction>;
