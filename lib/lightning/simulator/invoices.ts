import { createHash, randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signInvoice, type Network } from "../../bolt11";
import { db } from "../../db";
import type { CreatedInvoice } from "../types";
import { simulatorNodeKey } from "./settings";
import { ensureWallet, type SimWalletId } from "./wallets";

export async function simulatorPubkey(): Promise<string> {
  return Buffer.from(secp256k1.getPublicKey(await simulatorNodeKey(), true)).toString("hex");
}

/** A real BOLT 11 invoice signed with the simulator's node key, payable to one of its wallets. */
export async function createWalletInvoice(
  walletId: SimWalletId,
  input: { amountMsat: bigint | null; description: string; expirySeconds: number },
  network: Network,
): Promise<CreatedInvoice> {
  await ensureWallet(walletId);
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
    await simulatorNodeKey(),
  );
  const expiresAt = new Date((timestamp + input.expirySeconds) * 1000);
  await db().simInvoice.create({
    data: {
      paymentHash,
      walletId,
      invoice,
      preimage: preimage.toString("hex"),
      amountMsat: input.amountMsat,
      description: input.description,
      expiresAt,
    },
    select: { paymentHash: true },
  });
  return { invoice, paymentHash, expiresAt };
}

/** What one wallet knows of an invoice it issued: whether it was paid, and for how much. Null when unknown. */
export async function lookupWalletInvoice(walletId: SimWalletId, paymentHash: string): Promise<{ settled: boolean; amountMsat: bigint | null } | null> {
  return db().simInvoice.findFirst({ where: { paymentHash, walletId }, select: { settled: true, amountMsat: true } });
}
