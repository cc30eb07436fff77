// Migration 20261129120000_no_stored_links empties the live links that earlier versions stored in event
// payloads and Idempotency-Key answers. Its SQL runs here on rows in the old format (written as the previous
// version wrote them), statement by statement as the migration runner does, and must leave no link behind
// while keeping everything else of each row.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { linkAccessFor } from "@/lib/withdraws/link-access";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { serializeWithdraw, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { createTestMerchant } from "../support/merchants";
import { linksOf } from "../support/withdraw-links";

const MIGRATION = "prisma/migrations/20261129120000_no_stored_links/migration.sql";

/** The withdraw as the previous version serialized it: links included, no withdraw_request_withheld. */
async function oldFormat(w: WithdrawObject): Promise<Record<string, unknown>> {
  const links = await linksOf(w.id);
  const { withdraw_request_withheld: _gone, ...lnurl } = w.withdraw_methods_options.lnurl;
  return { ...w, withdraw_methods_options: { lnurl: { ...lnurl, withdraw_request: links.lnurl, lightning_uri: links.lightningUri, lnurlw: links.lnurlw } } };
}

it("removes every stored link from old events and idempotency answers, and keeps the rest", async () => {
  const shop = await createTestMerchant(100_000n);
  const owner = linkAccessFor({ merchantId: shop.merchantId, principal: "owner" });
  const a = serializeWithdraw(await createWithdraw(shop.merchantId, { amount: "1000", currency: "SATS" }), owner);
  const b = serializeWithdraw(await createWithdraw(shop.merchantId, { amount: "2000", currency: "SATS" }), owner);
  const oldA = await oldFormat(a);
  await db().event.create({ data: { id: "evt_01old0000000000000000000a", merchantId: shop.merchantId, type: "withdraw.payment_failed", withdrawId: a.id, payload: { ...oldA, failure_reason: "no route" } } });
  const stored = [
    ["old-single", JSON.stringify(oldA)],
    ["old-batch", JSON.stringify({ id: "wb_01old", object: "withdraw_batch", withdraws: [oldA, await oldFormat(b)] })],
    ["old-error", JSON.stringify({ error: { type: "invalid_request_error", code: "insufficient_balance", message: "Not enough." } })],
  ] as const;
  const now = new Date();
  for (const [key, body] of stored) {
    await db().idempotencyKey.create({
      data: { merchantId: shop.merchantId, key, fingerprint: "f", method: "POST", path: "/api/v1/withdraws", responseStatus: 201, responseBody: body, createdAt: now, completedAt: now, expiresAt: new Date(now.getTime() + 60_000) },
    });
  }
  const before = JSON.stringify(await db().idempotencyKey.findMany({ where: { merchantId: shop.merchantId }, orderBy: { key: "asc" } }));
  expect(before).toContain((await linksOf(a.id)).lnurl);

  for (const statement of readFileSync(MIGRATION, "utf8").split(";").map((s) => s.replace(/^\s*--.*$/gm, "").trim()).filter(Boolean)) {
    await db().$executeRawUnsafe(statement);
  }

  const event = await db().event.findUniqueOrThrow({ where: { id: "evt_01old0000000000000000000a" } });
  const payload = event.payload as Record<string, unknown> & { withdraw_methods_options: { lnurl: Record<string, unknown> } };
  expect(payload.withdraw_methods_options.lnurl).toMatchObject({ withdraw_request: null, lightning_uri: null, lnurlw: null, withdraw_request_withheld: "not_in_events", id: a.id });
  expect(payload).toMatchObject({ id: a.id, amount: a.amount, failure_reason: "no route", paid_withdraw_request: null });

  const rows = await db().idempotencyKey.findMany({ where: { merchantId: shop.merchantId }, orderBy: { key: "asc" } });
  const byKey = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.responseBody ?? "null") as Record<string, unknown>]));
  const after = JSON.stringify(rows);
  for (const w of [a, b]) {
    const links = await linksOf(w.id);
    for (const form of [links.lnurl, links.lnurlw, links.url]) expect(after).not.toContain(form);
  }
  expect(byKey["old-single"]).toMatchObject({ id: a.id, target_amount: a.target_amount, withdraw_methods_options: { lnurl: { withdraw_request: null, withdraw_request_withheld: "read_only_access" } } });
  expect((byKey["old-batch"].withdraws as { id: string }[]).map((w) => w.id)).toEqual([a.id, b.id]);
  expect(byKey["old-error"]).toEqual(JSON.parse(stored[2][1]));
});
