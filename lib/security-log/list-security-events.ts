import { z } from "zod";
import { roleMay } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../auth/permissions";
import { parseInput } from "../validation";
import type { SecurityEventKind } from "./record-security-event";

export type SecurityLogEntry = {
  id: string;
  kind: SecurityEventKind;
  actorLabel: string | null;
  subject: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
  createdAt: Date;
};

export const SECURITY_LOG_PAGE_SIZE = 50;

const querySchema = z.object({ before: z.string().regex(/^sev_[0-9a-z]{26}$/, "That page link is not valid.").optional() });

/**
 * The merchant's security log, newest first, a page at a time (`before`: the last id of the previous page; ids
 * sort by time). Owners only: it names team members, addresses and keys.
 */
export async function listSecurityEvents(actor: Actor, query: unknown): Promise<{ entries: SecurityLogEntry[]; nextBefore: string | null }> {
  // The role is read again, not trusted from the caller: it may have changed since the page began.
  const me = await db().user.findFirst({ where: { id: actor.user.id, merchantId: actor.merchant.id }, select: { role: true } });
  if (!me || !roleMay(me.role, "security_log.read")) throw new AppError("forbidden", "Only an owner can read the security log.");
  const { before } = parseInput(querySchema, query);
  const rows = await db().securityEvent.findMany({
    where: { merchantId: actor.merchant.id, ...(before ? { id: { lt: before } } : {}) },
    select: { id: true, kind: true, actorLabel: true, subject: true, address: true, detail: true, createdAt: true },
    orderBy: [{ id: "desc" }],
    take: SECURITY_LOG_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, SECURITY_LOG_PAGE_SIZE).map((r) => ({
    ...r,
    kind: r.kind as SecurityEventKind,
    detail: r.detail && typeof r.detail === "object" && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : null,
  }));
  return { entries: page, nextBefore: rows.length > SECURITY_LOG_PAGE_SIZE ? page[page.length - 1].id : null };
}
