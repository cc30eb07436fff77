import { timingSafeEqual } from "node:crypto";
import { prepared, queryOne, sql } from "../database/sql";
import { lnurlRefusal } from "../lnurl/refusal";
import { hashSecret } from "./lnurl-secret";
import { effectiveStatus, type WithdrawStatus } from "./serialize-withdraw";

type SecretRow = {
  id: string;
  merchant_id: string;
  status: WithdrawStatus;
  expires_at: Date;
  k1: string;
  target_amount_msat: bigint;
  min_target_amount_msat: bigint | null;
  fee_limit_msat: bigint;
  claimed_payment_hash: string | null;
  statement_descriptor: string | null;
  merchant_name: string;
};

/**
 * The withdraw an LNURL secret opens, or a refusal a wallet can show. One query with its join, a named
 * prepared statement (the LNURL steps are the hottest path: the server plans it once per connection).
 */
export async function findWithdrawBySecret(secret: string) {
  const row = await queryOne<SecretRow>(
    prepared(
      "withdraw-by-secret",
      sql`SELECT w.id, w.merchant_id, w.status::text AS status, w.expires_at, w.k1, w.target_amount_msat, w.min_target_amount_msat, w.fee_limit_msat,
                 w.claimed_payment_hash, w.statement_descriptor, m.name AS merchant_name
            FROM withdraws w JOIN merchants m ON m.id = w.merchant_id
           WHERE w.lnurl_secret_hash = ${hashSecret(secret)}`,
    ),
  );
  if (!row) throw lnurlRefusal("This withdraw link is not valid.");
  return {
    id: row.id,
    merchantId: row.merchant_id,
    status: row.status,
    expiresAt: row.expires_at,
    k1: row.k1,
    targetAmountMsat: row.target_amount_msat,
    /** The least an invoice may be for: the range's minimum, or the target itself for a fixed withdraw. */
    minTargetAmountMsat: row.min_target_amount_msat ?? row.target_amount_msat,
    feeLimitMsat: row.fee_limit_msat,
    claimedPaymentHash: row.claimed_payment_hash,
    statementDescriptor: row.statement_descriptor,
    merchant: { name: row.merchant_name },
  };
}

export type SecretWithdraw = Awaited<ReturnType<typeof findWithdrawBySecret>>;

export function k1Matches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const UNAVAILABLE = {
  processing: "This withdraw is being paid right now.",
  paid: "This withdraw has already been paid.",
  expired: "This withdraw has expired.",
  cancelled: "This withdraw was cancelled.",
} as const;

/** Refuses unless the withdraw can still be pulled. */
export function assertPullable(row: Pick<SecretWithdraw, "status" | "expiresAt">, now: Date): void {
  const status = effectiveStatus(row, now);
  if (status !== "unpaid") throw lnurlRefusal(UNAVAILABLE[status]);
}
