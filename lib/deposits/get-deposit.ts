import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { isId } from "../ids";
import { parseInput } from "../validation";

export type DepositView = {
  id: string;
  amountMsat: bigint;
  invoice: string;
  status: "pending" | "paid" | "expired";
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
};

const schema = z.object({
  merchantId: z.string().min(1),
  depositId: z.string().refine((v) => isId("deposit", v), "That is not a deposit id (dep_…)."),
});

/** One deposit of one merchant; another merchant's deposit is a plain not_found. */
export async function getDeposit(merchantId: string, depositId: string): Promise<DepositView> {
  parseInput(schema, { merchantId, depositId });
  const row = await db().deposit.findFirst({
    where: { id: depositId, merchantId },
    select: { id: true, amountMsat: true, invoice: true, status: true, expiresAt: true, paidAt: true, createdAt: true },
  });
  if (!row) throw new AppError("not_found", `No deposit ${depositId}.`, "deposit");
  return row;
}
