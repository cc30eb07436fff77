// The scan object of the REST API: what a code is, in LNURL's own units (msat, as exact JSON numbers).
import { z } from "zod";
import { msatToJsonNumber } from "../money";
import type { ScanResult } from "./scan-code";

const msat = z.number().int().nonnegative().nullable();

export const scanObjectSchema = z.object({
  object: z.literal("lnurlscan"),
  kind: z.enum(["pay", "withdraw", "auth", "invoice"]).describe("pay (LUD-06/16), withdraw (LUD-03), auth (LUD-04) or a BOLT 11 invoice."),
  domain: z.string().nullable().describe("The service's host (null for an invoice)."),
  description: z.string().nullable().describe("pay: the text/plain metadata; withdraw: defaultDescription; invoice: its description."),
  min_msat: msat.describe("The least that can be sent (pay) or pulled (withdraw), in msat; an invoice's amount."),
  max_msat: msat.describe("The most that can be sent (pay) or pulled (withdraw), in msat; an invoice's amount."),
  callback: z.string().nullable().describe("Where the second step goes (auth: the link itself)."),
  lightning_address: z.string().nullable().describe("pay: the Lightning Address (LUD-16) or the identifier in the metadata."),
  comment_allowed: z.number().int().nullable().describe("pay: the longest comment the service accepts (LUD-12)."),
  action: z.string().nullable().describe("auth: login, register, link or auth."),
  k1: z.string().nullable().describe("auth: the challenge to sign."),
  invoice: z
    .object({
      ln_invoice: z.string(),
      amount_msat: msat.describe("Null when the payer chooses the amount."),
      payee: z.string().describe("The payee's node public key."),
      network: z.enum(["bitcoin", "testnet", "signet", "regtest"]),
      payable: z.boolean().describe("Whether it is for this node's network."),
      created: z.number().int().describe("Epoch ms."),
      expires_at: z.number().int().describe("Epoch ms."),
      expired: z.boolean(),
      description: z.string().nullable(),
      description_hash: z.string().nullable(),
      payment_hash: z.string(),
    })
    .nullable(),
});

export type ScanObject = z.infer<typeof scanObjectSchema>;

const num = (v: bigint | null) => (v === null ? null : msatToJsonNumber(v));

export function serializeScan(scan: ScanResult): ScanObject {
  const i = scan.invoice;
  return {
    object: "lnurlscan",
    kind: scan.kind,
    domain: scan.domain,
    description: scan.description,
    min_msat: num(scan.minMsat),
    max_msat: num(scan.maxMsat),
    callback: scan.callback,
    lightning_address: scan.lightningAddress,
    comment_allowed: scan.commentAllowed,
    action: scan.authAction,
    k1: scan.k1,
    invoice: i
      ? {
          ln_invoice: i.invoice,
          amount_msat: num(i.amountMsat),
          payee: i.payee,
          network: i.network,
          payable: i.payable,
          created: i.createdAt.getTime(),
          expires_at: i.expiresAt.getTime(),
          expired: i.expired,
          description: i.description,
          description_hash: i.descriptionHash,
          payment_hash: i.paymentHash,
        }
      : null,
  };
}
