// A merchant for `npm run bench`, made the way the admin CLI makes one (through the running server's
// database): a funded balance and a full-access API key, printed as one JSON line.
import { randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { withDatabase } from "../launcher/with-database";

withDatabase(async () => {
  const tag = randomBytes(4).toString("hex");
  const merchant = await createMerchantAccount({ name: `Bench ${tag}`, email: `bench-${tag}@example.com`, password: randomBytes(16).toString("hex") });
  await adjustBalance({ merchantId: merchant.merchantId, sats: 1_000_000_000n, note: "npm run bench" });
  const key = await createApiKey({ merchantId: merchant.merchantId, name: "bench", scope: "full" });
  console.log(JSON.stringify({ apiKey: key.key }));
}).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
