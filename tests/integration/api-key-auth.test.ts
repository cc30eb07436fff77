// Authenticating a REST request by its API key: one statement per request; the key's last use is written at
// most once a minute (however many requests arrive at once); revoked and unknown keys are refused alike.
import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { hashApiKey } from "@/lib/api-keys/create-api-key";
import { db, pool } from "@/lib/db";
import { createTestMerchant } from "../support/merchants";

const lastUsedAt = async (key: string) => (await db().apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(key) } })).lastUsedAt;
const bearer = (key: string) => `Bearer ${key}`;

afterEach(() => vi.restoreAllMocks());

describe("authenticateApiKey", () => {
  it("answers the key's merchant and scope, and marks its first use", async () => {
    const shop = await createTestMerchant();
    expect(await lastUsedAt(shop.key)).toBeNull();
    const at = new Date("2026-11-30T10:00:00.000Z");
    expect(await authenticateApiKey(bearer(shop.key), at)).toMatchObject({ merchantId: shop.merchantId, scope: "full" });
    expect(await authenticateApiKey(bearer(shop.readOnlyKey), at)).toMatchObject({ merchantId: shop.merchantId, scope: "read_only" });
    expect(await lastUsedAt(shop.key)).toEqual(at);
  });

  it("writes the last use at most once a minute: a request within the minute is one statement", async () => {
    const shop = await createTestMerchant();
    const first = new Date("2026-11-30T10:00:00.000Z");
    await authenticateApiKey(bearer(shop.key), first);

    const statements = vi.spyOn(pool(), "query");
    await authenticateApiKey(bearer(shop.key), new Date(first.getTime() + 59_000));
    expect(statements).toHaveBeenCalledTimes(1);
    expect(await lastUsedAt(shop.key)).toEqual(first);

    const later = new Date(first.getTime() + 61_000);
    await authenticateApiKey(bearer(shop.key), later);
    expect(await lastUsedAt(shop.key)).toEqual(later);
  });

  it("many requests arriving together once the minute is over write the last use once", async () => {
    const shop = await createTestMerchant();
    const first = new Date("2026-11-30T10:00:00.000Z");
    await authenticateApiKey(bearer(shop.key), first);
    const later = new Date(first.getTime() + 120_000);
    const statements = vi.spyOn(pool(), "query");
    await Promise.all(Array.from({ length: 20 }, () => authenticateApiKey(bearer(shop.key), later)));
    const writes = statements.mock.calls.filter(([config]) => (config as { name?: string }).name === "api-key-mark-used");
    expect(writes).toHaveLength(1);
    expect(await lastUsedAt(shop.key)).toEqual(later);
  });

  it("refuses unknown, revoked and malformed keys alike, and asks for a key when none is given", async () => {
    const shop = await createTestMerchant();
    await db().apiKey.update({ where: { keyHash: hashApiKey(shop.readOnlyKey) }, data: { revokedAt: new Date() } });
    for (const header of [bearer("sk_unknown"), bearer(shop.readOnlyKey), bearer("not_a_key")]) {
      await expect(authenticateApiKey(header)).rejects.toMatchObject({ code: "api_key_invalid" });
    }
    await expect(authenticateApiKey(null)).rejects.toMatchObject({ code: "authentication_required" });
    await expect(authenticateApiKey("Bearer")).rejects.toMatchObject({ code: "authentication_required" });
  });
});
