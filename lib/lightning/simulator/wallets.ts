// The simulator's wallets: "node" is the merchant's Lightning node (the backend Sluice pays from and
// receives deposits into); "demo" is the customer's wallet of the demo wallet page.
import { prepared, query, queryOne, sql } from "../../database/sql";
import { satsToMsat, SATS_PER_BTC } from "../../money";
import { oncePerDatabase } from "./once";

export const NODE_WALLET = "node";
export const DEMO_WALLET = "demo";
export type SimWalletId = typeof NODE_WALLET | typeof DEMO_WALLET;

const STARTING_BALANCE_MSAT: Record<SimWalletId, bigint> = {
  node: satsToMsat(10n * SATS_PER_BTC), // 10 BTC of simulated liquidity
  demo: satsToMsat(1_000_000n), // 1,000,000 sats to fund a demo merchant
};

/**
 * Both wallets exist, with their starting balances, from the first use on. Wallets are never deleted, so
 * each process makes sure of it once per database (not on every payment).
 */
export const ensureWallets = oncePerDatabase(async (): Promise<void> => {
  await query(sql`
    INSERT INTO sim_wallets (id, balance_msat)
    VALUES (${NODE_WALLET}, ${STARTING_BALANCE_MSAT.node}), (${DEMO_WALLET}, ${STARTING_BALANCE_MSAT.demo})
    ON CONFLICT (id) DO NOTHING`);
});

export async function walletBalance(id: SimWalletId): Promise<bigint> {
  await ensureWallets();
  const row = await queryOne<{ balance_msat: bigint }>(prepared("sim-wallet-balance", sql`SELECT balance_msat FROM sim_wallets WHERE id = ${id}`));
  if (!row) throw new Error(`The simulator has no wallet "${id}".`);
  return row.balance_msat;
}

/** A payment that would take a wallet below zero breaks this constraint, and the whole statement is undone. */
export function isOverdraft(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === "23514" && e.constraint === "sim_wallets_balance_non_negative";
}
