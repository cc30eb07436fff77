import { z } from "zod";
import { hashPassword } from "../auth/password";
import { emailSchema, merchantNameSchema, newPasswordSchema } from "../auth/schemas";
import { db } from "../db";
import { newId } from "../ids";
import { parseInput } from "../validation";
import { createMerchant } from "./create-merchant";
import { insertUser } from "./add-user";

const schema = z.object({ name: merchantNameSchema, email: emailSchema, password: newPasswordSchema });

/** A new merchant with its owner (the admin CLI's merchant:create). */
export async function createMerchantAccount(input: z.input<typeof schema>) {
  const data = parseInput(schema, input);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    const merchantId = await createMerchant(tx, data.name);
    const userId = newId("user");
    await insertUser(tx, { id: userId, merchantId, email: data.email, passwordHash, role: "owner" });
    return { merchantId, userId, email: data.email };
  });
}
