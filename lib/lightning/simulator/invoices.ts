import { createHash, randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signInvoice, type Network } from "../../bolt11";
import { prepared, query, queryOne, sql } from "../../database/sql";
import type { CreatedInvoice, InvoiceLookup } from "../types";
import { oncePerDatabase } from "./once";
import { simulatorNodeKey } from "./settings";
import { ensureWallets, type SimWalletId } from "./wallets";

/** The node's public key, derived once per database from its key (which never changes). */
export const simulatorPubkey = oncePerDatabase(async (): Promise<string> => Buffer.from(secp256k1.getPublicKey(await simulatorNodeKey(), true)).toString("hex"));

/** A real BOLT 11 invoice signed with the simulator's node key, payable to one of its wallets. */
export async function createWalletInvoice(
  walletId: SimWalletId,
  input: { amountMsat: bigint | null; description: string; expirySeconds: number },
  network: Network,
): Promise<CreatedInvoice> {
  const [, nodeKey] = await Promise.all([ensureWallets(), simulatorNodeKey()]);
  const preimage = randomBytes(32);
  const paymentHash = createHash("sha256").update(preimage).digest("hex");
  const timestamp = Math.floor(Date.now() / 1000);
  const invoice = signInvoice(
    {
      network,
      amountMsat: input.amountMsat,
      paymentHash,
      paymentSecret: randomBytes(32).toString("hex"),
      description: input.description,
      expirySeconds: input.expirySeconds,
      timestamp,
    },
    nodeKey,
  );
  const expiresAt = new Date((timestamp + input.expirySeconds) * 1000);
  await query(sql`
    INSERT INTO sim_invoices (payment_hash, wallet_id, invoice, preimage, amount_msat, description, expires_at)
    VALUES (${paymentHash}, ${walletId}, ${invoice}, ${preimage.toString("hex")}, ${input.amountMsat}, ${input.description}, ${expiresAt})`);
  return { invoice, paymentHash, expiresAt };
}

/**
 * What the node knows of an invoice (of one wallet, when `walletId` is given): paid or not, the amount it
 * asks, and what the payment that settled it really paid. Null when unknown.
 */
export async function lookupInvoice(paymentHash: string, walletId?: SimWalletId): Promise<InvoiceLookup | null> {
  const row = await queryOne<{ settled: boolean; amount_msat: bigint | null; received_msat: bigint | null }>(
    prepared(
      "sim-lookup-invoice",
      sql`SELECT settled, amount_msat, received_msat FROM sim_invoices
           WHERE payment_hash = ${paymentHash} AND (${walletId ?? null}::text IS NULL OR wallet_id = ${walletId ?? null})`,
    ),
  );
  // Settled with nothing recorded received (which no settlement writes) counts as nothing received.
  return row ? { settled: row.settled, amountMsat: row.amount_msat, receivedMsat: row.settled ? (row.received_msat ?? 0n) : 0n } : null;
}
