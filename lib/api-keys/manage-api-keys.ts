// API keys as the dashboard manages them: owners and admins of the merchant list, create and revoke keys.
// The role is read again from the database on every call (it may have changed since the page loaded), and a
// key of another merchant is a plain 404.
import { z } from "zod";
import { roleMay } from "../auth/permissions";
import type { Actor } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { parseInput } from "../validation";
import { createApiKey, type CreatedApiKey } from "./create-api-key";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  scope: "full" | "read_only";
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function requireKeyManager(actor: Actor): Promise<void> {
  const me = await db().user.findUnique({ where: { id: actor.user.id }, select: { role: true, merchantId: true } });
  if (me?.merchantId !== actor.merchant.id || !roleMay(me.role, "api_keys.manage")) throw new AppError("forbidden", "Only owners and admins can manage API keys.");
}

/** Active keys first, newest first; revoked keys stay listed (greyed) so the history is visible. */
export async function listApiKeys(actor: Actor): Promise<ApiKeySummary[]> {
  await requireKeyManager(actor);
  const keys = await db().apiKey.findMany({
    where: { merchantId: actor.merchant.id },
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return [...keys.filter((k) => !k.revokedAt), ...keys.filter((k) => k.revokedAt)];
}

export async function createApiKeyAs(actor: Actor, input: { name: string; scope: string }): Promise<CreatedApiKey> {
  await requireKeyManager(actor);
  const created = await createApiKey({ merchantId: actor.merchant.id, name: input.name, scope: input.scope as "full" | "read_only" });
  // The key's name and prefix identify it; the key itself is never logged.
  await recordSecurityEvent({
    kind: "api_key_created",
    merchantId: actor.merchant.id,
    actorUserId: actor.user.id,
    subject: `${created.name} (${created.prefix}…)`,
    detail: { key_id: created.id, scope: created.scope },
  });
  return created;
}

const revokeSchema = z.object({ keyId: z.string().trim().regex(/^key_[0-9a-z]{26}$/, "Choose a key.") });

/** Revokes at once and for good: the next request with the key gets 401. Revoking twice changes nothing. */
export async function revokeApiKey(actor: Actor, input: { keyId: string }): Promise<ApiKeySummary> {
  await requireKeyManager(actor);
  const { keyId } = parseInput(revokeSchema, input);
  const revoked = await db().apiKey.updateMany({ where: { id: keyId, merchantId: actor.merchant.id, revokedAt: null }, data: { revokedAt: new Date() } });
  const key = await db().apiKey.findFirst({
    where: { id: keyId, merchantId: actor.merchant.id },
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  if (!key) throw new AppError("not_found", "That API key does not exist.", "keyId");
  if (revoked.count === 1) {
    await recordSecurityEvent({
      kind: "api_key_revoked",
      merchantId: actor.merchant.id,
      actorUserId: actor.user.id,
      subject: `${key.name} (${key.prefix}…)`,
      detail: { key_id: key.id, scope: key.scope },
    });
  }
  return key;
}
