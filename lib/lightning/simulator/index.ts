// The embedded default backend: a simulated Lightning node whose state lives in the database.
import type { Network } from "../../bolt11";
import type { LightningBackend } from "../types";
import { createWalletInvoice, lookupInvoice, simulatorPubkey } from "./invoices";
import { lookupWalletPayment, payFromWallet } from "./payments";
import { NODE_WALLET, walletBalance } from "./wallets";

export function simulatorBackend(network: Network): LightningBackend {
  return {
    kind: "simulator",
    livemode: false,
    async getInfo() {
      return { backend: "simulator", network, pubkey: await simulatorPubkey(), alias: "Sluice simulator", version: process.env.SLUICE_VERSION ?? null, livemode: false };
    },
    createInvoice: (input) => createWalletInvoice(NODE_WALLET, input, network),
    payInvoice: (request) => payFromWallet(NODE_WALLET, request, network),
    lookupPayment: (hash) => lookupWalletPayment(NODE_WALLET, hash),
    lookupInvoice: (hash) => lookupInvoice(hash),
    getBalance: async () => ({ msat: await walletBalance(NODE_WALLET) }),
  };
}
