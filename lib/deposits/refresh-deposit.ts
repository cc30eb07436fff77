// The deposit page's poll and the API's retrieve: settle this one deposit now if it may still be paid (so it
// turns "paid" as soon as the invoice is paid rather than at the next background run), then report it.
import { getDeposit, type DepositView } from "./get-deposit";
import { settleDeposit } from "./settle-deposit";

export async function refreshDeposit(merchantId: string, depositId: string): Promise<DepositView> {
  const deposit = await getDeposit(merchantId, depositId);
  if (deposit.status === "paid" || deposit.status === "expired") return deposit;
  return (await settleDeposit(merchantId, depositId)) === "pending" ? deposit : getDeposit(merchantId, depositId);
}
