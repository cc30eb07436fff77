// The embedded default backend: a simulated Lightning node whose state lives in the database.
import type { Network } from "../../bolt11";
import { db } from "../../db";
import type { LightningBackend } from "../types";
import { createWalletInvoice, simulatorPubkey } from "./invoices";
import { lookupWalletPayment, payFromWallet } from "./payments";
import { NODE_WALLET, walletBalance } from "./wallets";

export function simulatorBackend(network: Network): LightningBackend {
  return {
    kind: "simulator",
    livemode: false,
    async getInfo() {
      return { backend: "simulator", network, pubkey: await simulatorPubkey(), alias: "Sluice simulator", livemode: false };
    },
    createInvoice: (input) => createWalletInvoice(NODE_WALLET, input, network),
    payInvoice: (request) => payFromWallet(NODE_WALLET, request, network),
    lookupPayment: (hash) => lookupWalletPayment(NODE_WALLET, hash),
    async lookupInvoice(hash) {
      const row = await db().simInvoice.findUnique({ where: { paymentHash: hash }, select: { settled: true, amountMsat: true } });
      return row ? { settled: row.settled, amountMsat: row.amountMsat } : null;
    },
    getBalance: async () => ({ msat: await walletBalance(NODE_WALLET) }),
  };
}
