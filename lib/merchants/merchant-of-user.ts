import { emailSchema } from "../auth/schemas";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";

/** The merchant a user (by email) belongs to. */
export async function merchantOfUser(email: string): Promise<{ id: string; name: string }> {
  const address = parseInput(emailSchema, email);
  const user = await db().user.findUnique({ where: { email: address }, select: { merchant: { select: { id: true, name: true } } } });
  if (!user) throw new AppError("not_found", `No user with the email ${address}.`, "email");
  return user.merchant;
}
