import { db } from "../db";

export type MerchantBalance = { availableMsat: bigint; reservedMsat: bigint };

export async function getBalance(merchantId: string): Promise<MerchantBalance> {
  const row = await db().balance.findUnique({
    where: { merchantId },
    select: { availableMsat: true, reservedMsat: true },
  });
  return row ?? { availableMsat: 0n, reservedMsat: 0n };
}
