import { timingSafeEqual } from "node:crypto";
import { db } from "../db";
import { LnurlRefusal } from "../lnurl/refusal";
import { hashSecret } from "./lnurl-secret";
import { effectiveStatus } from "./serialize-withdraw";

/** The withdraw an LNURL secret opens, or a refusal a wallet can show. */
export async function findWithdrawBySecret(secret: string) {
  const row = await db().withdraw.findUnique({
    where: { lnurlSecretHash: hashSecret(secret) },
    select: {
      id: true,
      merchantId: true,
      status: true,
      expiresAt: true,
      k1: true,
      targetAmountMsat: true,
      feeLimitMsat: true,
      claimedPaymentHash: true,
      statementDescriptor: true,
      merchant: { select: { name: true } },
    },
  });
  if (!row) throw new LnurlRefusal("This withdraw link is not valid.");
  return row;
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
  if (status !== "unpaid") throw new LnurlRefusal(UNAVAILABLE[status]);
}
