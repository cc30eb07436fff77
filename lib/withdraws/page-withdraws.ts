// The REST list of withdraws, paged as every list is (lib/database/keyset-page.ts).
import type { z } from "zod";
import { listQuerySchema, pageIds } from "../database/keyset-page";
import { parseInput } from "../validation";
import { statusCondition } from "./list-withdraws";
import { loadWithdrawsByIds } from "./load-withdraw";
import type { MerchantWithdraw } from "./merchant-withdraw";
import { WITHDRAW_STATUSES } from "./serialize-withdraw";

export const listWithdrawsQuerySchema = listQuerySchema({ noun: "withdraw", plural: "withdraws", idPrefix: "wi" }, WITHDRAW_STATUSES);

export type ListWithdrawsQuery = z.input<typeof listWithdrawsQuerySchema>;

export async function pageWithdraws(
  merchantId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<{ rows: MerchantWithdraw[]; hasMore: boolean }> {
  const query = parseInput(listWithdrawsQuerySchema, input);
  const page = await pageIds("withdraws", "withdraw", merchantId, query, [statusCondition(query.status, now)]);
  return { rows: await loadWithdrawsByIds(merchantId, page.ids), hasMore: page.hasMore };
}
