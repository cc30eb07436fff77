// The deposit page's poll: settle this one deposit now if it is pending (so the page turns "paid" as soon as
// the invoice is paid rather than at the next background run), then report it.
import { getDeposit, type DepositView } from "./get-deposit";
import { settleDeposit } from "./settle-deposit";

export async function refreshDeposit(merchantId: string, depositId: string): Promise<DepositView> {
  const deposit = await getDeposit(merchantId, depositId);
  if (deposit.status !== "pending") return deposit;
  await settleDeposit(merchantId, depositId);
  return getDeposit(merchantId, depositId);
}
