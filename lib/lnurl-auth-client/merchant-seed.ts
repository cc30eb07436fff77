// The merchant's LNURL-auth root secret, made on first use. One statement decides it: the INSERT of a new
// sealed seed either creates the row or meets the one another request (or instance) made first, and the no-op
// update makes RETURNING give that row's seed. Racing first uses therefore all sign with one root.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { openSeed, sealSeed } from "./seed-box";

export async function merchantAuthSeed(merchantId: string): Promise<Uint8Array> {
  const sealed = sealSeed(randomBytes(32), merchantId);
  const [row] = await db().$queryRaw<{ sealed_seed: string }[]>`
    INSERT INTO lnurl_auth_seeds (merchant_id, sealed_seed) VALUES (${merchantId}, ${sealed})
    ON CONFLICT (merchant_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id
    RETURNING sealed_seed`;
  return openSeed(row.sealed_seed, merchantId);
}
