import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { isId } from "../ids";
import { parseInput } from "../validation";
import type { DepositRow } from "./serialize-deposit";

export type DepositView = DepositRow;

const schema = z.object({
  merchantId: z.string().min(1),
  id: z.string().refine((v) => isId("deposit", v), "That is not a deposit id (dep_…)."),
});

/** One deposit of one merchant; another merchant's deposit is a plain not_found. */
export async function getDeposit(merchantId: string, depositId: string): Promise<DepositView> {
  parseInput(schema, { merchantId, id: depositId });
  const row = await db().deposit.findFirst({ where: { id: depositId, merchantId } });
  if (!row) throw new AppError("not_found", `No deposit ${depositId}.`, "id");
  return row;
}
