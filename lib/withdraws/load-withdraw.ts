import { db, type Db, type Tx } from "../db";
import type { WithdrawRow } from "./serialize-withdraw";

const LIVE_PAYMENT = {
  where: { status: { in: ["in_flight", "succeeded"] as ("in_flight" | "succeeded")[] } },
  select: { paymentHash: true, invoice: true, preimage: true, feeMsat: true, payeePubkey: true, status: true },
  take: 1,
};

/** One withdraw of one merchant with its live (in flight or succeeded) payment, or null. */
export async function loadWithdraw(client: Db | Tx, merchantId: string, id: string): Promise<WithdrawRow | null> {
  const row = await client.withdraw.findFirst({ where: { id, merchantId }, include: { payments: LIVE_PAYMENT } });
  if (!row) return null;
  const { payments, ...withdraw } = row;
  return { ...withdraw, payment: payments[0] ?? null };
}

/** Several withdraws of one merchant, in the order of `ids`. */
export async function loadWithdrawsByIds(merchantId: string, ids: string[]): Promise<WithdrawRow[]> {
  if (ids.length === 0) return [];
  const rows = await db().withdraw.findMany({ where: { id: { in: ids }, merchantId }, include: { payments: LIVE_PAYMENT } });
  const byId = new Map(rows.map(({ payments, ...withdraw }) => [withdraw.id, { ...withdraw, payment: payments[0] ?? null }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
