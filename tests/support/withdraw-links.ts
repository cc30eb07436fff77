// The links of a withdraw, as its merchant's owner receives them: the row is read through the merchant-scoped
// loader and the links derived with an owner's grant, the only way the product derives one.
import { db, pool } from "@/lib/db";
import { linkAccessFor, type LinkGrant } from "@/lib/withdraws/link-access";
import { withdrawLinks, type WithdrawLinks } from "@/lib/withdraws/links";
import { loadWithdraw } from "@/lib/withdraws/load-withdraw";

export type TestLinks = WithdrawLinks & { secret: string };

export async function linksOf(withdrawId: string): Promise<TestLinks> {
  const { merchantId } = await db().withdraw.findUniqueOrThrow({ where: { id: withdrawId }, select: { merchantId: true } });
  const row = await loadWithdraw(pool(), merchantId, withdrawId);
  const links = withdrawLinks(row!, linkAccessFor({ merchantId, principal: "owner" }) as LinkGrant);
  return { ...links, secret: links.url.split("/").pop()! };
}
