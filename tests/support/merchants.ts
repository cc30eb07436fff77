import { randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";

export type TestMerchant = { merchantId: string; email: string; key: string; readOnlyKey: string };

/** A merchant with an owner, a full and a read-only API key, and (optionally) a funded balance. */
export async function createTestMerchant(balanceSats = 0n): Promise<TestMerchant> {
  const email = `owner-${randomBytes(4).toString("hex")}@shop.test`;
  const { merchantId } = await createMerchantAccount({ name: "Test Shop", email, password: "a long password" });
  if (balanceSats > 0n) await adjustBalance({ merchantId, sats: balanceSats, note: "test funding" });
  const full = await createApiKey({ merchantId, name: "test", scope: "full" });
  const readOnly = await createApiKey({ merchantId, name: "test read-only", scope: "read_only" });
  return { merchantId, email, key: full.key, readOnlyKey: readOnly.key };
}

export function api(base: string, key: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: Record<string, string> } };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown) => call("POST", path, body),
  };
}
