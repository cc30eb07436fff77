// Invoices a wallet would send in the callback: valid, signed by a wallet key of its own, on regtest.
// The simulator pays any valid invoice of its network; lnurl-node's dummy backend pays anything it decodes.
import { createHash, randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signInvoice } from "@/lib/bolt11";

const walletKey = secp256k1.utils.randomSecretKey();

export function signBenchInvoice(amountMsat: bigint): string {
  const preimage = randomBytes(32);
  return signInvoice(
    {
      network: "regtest",
      amountMsat,
      paymentHash: createHash("sha256").update(preimage).digest("hex"),
      paymentSecret: randomBytes(32).toString("hex"),
      description: "bench",
      expirySeconds: 3600,
    },
    walletKey,
  );
}
