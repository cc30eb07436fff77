import { db } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
// This verb stands above the rest of lib/auth/: its import of lib/merchants/ runs back up and is named in
// tests/unit/layers.test.ts.
import { createMerchant } from "../merchants/create-merchant";
import { parseInput } from "../validation";
import { hashPassword } from "./password";
import { firstOwnerSchema } from "./schemas";

export type CreatedOwner = { merchantId: string; userId: string; email: string };

/**
 * Creates the first merchant and its owner, only while the installation has no user at all. Several
 * instances (or two people on the set-up page) may try at once: a transaction-scoped advisory lock makes
 * the check and the insert one step, so exactly one succeeds.
 */
export async function createFirstOwner(input: unknown): Promise<CreatedOwner> {
  const data = parseInput(firstOwnerSchema, input);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sluice:first-owner'))`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("setup_already_done", "Sluice already has an owner account. Sign in instead.");
    }
    const merchantId = await createMerchant(tx, data.merchantName);
    const userId = newId("user");
    await tx.user.create({
      data: { id: userId, merchantId, email: data.email, name: data.name || null, passwordHash, role: "owner" },
      select: { id: true },
    });
    return { merchantId, userId, email: data.email };
  });
}

export async function hasAnyUser(): Promise<boolean> {
  return (await db().user.findFirst({ select: { id: true } })) !== null;
}
