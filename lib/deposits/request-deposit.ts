// The API's and the dashboard's "add funds": an invoice of this node for an amount in any currency, or a pull
// from another service's LNURL-withdraw link (receive-lnurl-withdraw.ts).
import { servicePolicy, type ServicePolicy } from "../lnurl-client/service-policy";
import { parseInput } from "../validation";
import { openDeposit, quoteDeposit } from "./create-deposit";
import { receiveLnurlWithdraw } from "./receive-lnurl-withdraw";
import { createDepositSchema } from "./schemas";
import type { DepositRow } from "./serialize-deposit";

export async function requestDeposit(
  merchantId: string,
  input: unknown,
  options: { policy?: ServicePolicy; now?: Date; waitMs?: number } = {},
): Promise<DepositRow> {
  const data = parseInput(createDepositSchema, input);
  if (data.lnurl) return receiveLnurlWithdraw(merchantId, data, { ...options, policy: options.policy ?? servicePolicy() });
  const quote = await quoteDeposit(data.amount!, data.currency);
  return openDeposit(merchantId, { quote, source: "invoice", metadata: data.metadata }, options.now);
}
