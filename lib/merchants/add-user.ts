import { z } from "zod";
import { hashPassword } from "../auth/password";
import { emailSchema, newPasswordSchema, roleSchema, type Role } from "../auth/schemas";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
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

const schema = z.object({ merchantEmail: emailSchema, email: emailSchema, password: newPasswordSchema, role: roleSchema });

/** Adds a user to the merchant of an existing user (the admin CLI's user:add). */
export async function addUser(input: z.input<typeof schema>) {
  const data = parseInput(schema, input);
  const merchant = await merchantOfUser(data.merchantEmail);
  const passwordHash = await hashPassword(data.password);
  const id = newId("user");
  await db().$transaction((tx) => insertUser(tx, { id, merchantId: merchant.id, email: data.email, passwordHash, role: data.role }));
  return { userId: id, merchantId: merchant.id, email: data.email, role: data.role };
}
