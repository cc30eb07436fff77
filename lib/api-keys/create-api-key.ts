// Secret API keys: shown once, stored as SHA-256 (keys carry 256 random bits, so a fast hash is enough).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { newId } from "../ids";
import { parseInput } from "../validation";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const createKeySchema = z.object({
  merchantId: z.string().min(1),
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters for the name."),
  scope: z.enum(["full", "read_only"], { error: 'Scope must be "full" or "read_only".' }),
});

export type CreatedApiKey = { id: string; key: string; prefix: string; scope: "full" | "read_only"; name: string };

export async function createApiKey(input: z.input<typeof createKeySchema>): Promise<CreatedApiKey> {
  const { merchantId, name, scope } = parseInput(createKeySchema, input);
  const key = `sk_${randomBytes(32).toString("base64url")}`;
  const id = newId("apiKey");
  const prefix = key.slice(0, 10);
  await db().apiKey.create({ data: { id, merchantId, name, prefix, keyHash: hashApiKey(key), scope }, select: { id: true } });
  return { id, key, prefix, scope, name };
}
