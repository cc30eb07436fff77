import { z } from "zod";
import { hashPassword } from "../auth/password";
import { emailSchema, newPasswordSchema, roleSchema, type Role } from "../auth/schemas";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { parseInput } from "../validation";
import { merchantOfUser } from "./merchant-of-user";

type NewUser = { id: string; merchantId: string; email: string; passwordHash: string; role: Role; name?: string | null };

export async function insertUser(tx: Tx, user: NewUser): Promise<void> {
  try {
    await tx.user.create({ data: { ...user, name: user.name ?? null }, select: { id: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("email_taken", `There is already a user with the email ${user.email}.`, "email");
    }
    throw error;
  }
}

export const newUserSchema = z.object({
  name: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters for the name.")
    .optional()
    .transform((name) => name || null),
  email: emailSchema,
  password: newPasswordSchema,
  role: roleSchema,
});

export type NewUserInput = z.input<typeof newUserSchema>;
export type AddedUser = { userId: string; merchantId: string; email: string; role: Role };

/**
 * Adds a user to a merchant: the one path both the admin CLI and the Team page take. `authorize` runs inside
 * the insert's transaction, so a check the caller makes there (the Team page's "is the actor still an owner")
 * holds at the moment of the insert.
 */
export async function addUserToMerchant(
  merchantId: string,
  input: unknown,
  authorize?: (tx: Tx) => Promise<void>,
  // Who adds the user, for the security log: a signed-in owner, or a label such as "admin CLI".
  by: { actorUserId?: string; actorLabel?: string } = {},
): Promise<AddedUser> {
  const data = parseInput(newUserSchema, input);
  // Hashed before the transaction: scrypt takes a while and must not hold the lock.
  const passwordHash = await hashPassword(data.password);
  const id = newId("user");
  await db().$transaction(async (tx) => {
    await authorize?.(tx);
    await insertUser(tx, { id, merchantId, email: data.email, name: data.name, passwordHash, role: data.role });
    await recordSecurityEvent({ kind: "user_added", merchantId, ...by, subject: data.email, detail: { role: data.role } }, tx);
  });
  return { userId: id, merchantId, email: data.email, role: data.role };
}

const cliSchema = newUserSchema.extend({ merchantEmail: emailSchema });

/** Adds a user to the merchant of an existing user (the admin CLI's user:add). */
export async function addUser(input: z.input<typeof cliSchema>): Promise<AddedUser> {
  // Every field is checked before the merchant is looked up, so bad input is reported in full.
  const { merchantEmail, name, ...user } = parseInput(cliSchema, input);
  const merchant = await merchantOfUser(merchantEmail);
  return addUserToMerchant(merchant.id, { ...user, name: name ?? undefined }, undefined, { actorLabel: "admin CLI" });
}
