// The simulator's wallets: "node" is the merchant's Lightning node (the backend Sluice pays from and
// receives deposits into); "demo" is the customer's wallet of the demo wallet page.
import { db, type Tx } from "../../db";

export const NODE_WALLET = "node";
export const DEMO_WALLET = "demo";
export type SimWalletId = typeof NODE_WALLET | typeof DEMO_WALLET;

const STARTING_BALANCE_MSAT: Record<SimWalletId, bigint> = {
  node: 10n * 100_000_000n * 1000n, // 10 BTC of simulated liquidity
  demo: 1_000_000n * 1000n, // 1,000,000 sats to fund a demo merchant
};

export async function ensureWallet(id: SimWalletId): Promise<void> {
  await db().$executeRaw`
    INSERT INTO sim_wallets (id, balance_msat) VALUES (${id}, ${STARTING_BALANCE_MSAT[id]})
    ON CONFLICT (id) DO NOTHING`;
}

export async function walletBalance(id: SimWalletId): Promise<bigint> {
  await ensureWallet(id);
  const row = await db().simWallet.findUniqueOrThrow({ where: { id }, select: { balanceMsat: true } });
  return row.balanceMsat;
}

/** Moves money between wallets; false when the payer cannot cover it (nothing changes then). */
export async function moveFunds(tx: Tx, from: string, to: string | null, debitMsat: bigint, creditMsat: bigint): Promise<boolean> {
  const debited = await tx.$executeRaw`
    UPDATE sim_wallets SET balance_msat = balance_msat - ${debitMsat}
     WHERE id = ${from} AND balance_msat >= ${debitMsat}`;
  if (debited !== 1) return false;
  if (to) await tx.$executeRaw`UPDATE sim_wallets SET balance_msat = balance_msat + ${creditMsat} WHERE id = ${to}`;
  return true;
}
