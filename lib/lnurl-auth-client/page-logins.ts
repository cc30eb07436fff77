// The REST list of sign-in attempts at other services, paged as every list is (lib/database/keyset-page.ts).
import type { z } from "zod";
import { listQuerySchema, pageIds } from "../database/keyset-page";
import { db } from "../db";
import type { LnurlAuthLogin } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { LOGIN_STATUSES } from "./serialize-login";

export const listLoginsQuerySchema = listQuerySchema({ noun: "login", plural: "logins", idPrefix: "lal" }, LOGIN_STATUSES);

export type ListLoginsQuery = z.input<typeof listLoginsQuerySchema>;

export async function pageLogins(merchantId: string, input: unknown): Promise<{ rows: LnurlAuthLogin[]; hasMore: boolean }> {
  const query = parseInput(listLoginsQuerySchema, input);
  const status = query.status ? [Prisma.sql`AND status = ${query.status}`] : [];
  const { ids, hasMore } = await pageIds("lnurl_auth_logins", "login", merchantId, query, status);
  const rows = ids.length ? await db().lnurlAuthLogin.findMany({ where: { id: { in: ids }, merchantId } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
