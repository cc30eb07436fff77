// The LNURL first step, the hottest read: one prepared statement per request, and a small answer that the
// server sends as it is (no-transform: Next.js would otherwise gzip a few hundred bytes for every wallet).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant } from "../support/merchants";
import { liveLink } from "../support/live-link";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";

let server: Awaited<ReturnType<typeof serveRoutes>>;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
});
afterAll(() => server.close());

describe("GET /api/lnurl/w/[secret]", () => {
  it("answers the withdrawRequest with one named prepared statement", async () => {
    const merchant = await createTestMerchant(10_000n);
    const created = await api(server.url, merchant.key).post("/api/v1/withdraws", { amount: "2100", currency: "SATS", statement_descriptor: "Refund #12" });
    const url = decodeLnurl(liveLink(withdrawObjectSchema.parse(created.body))).replace(env().publicUrl, server.url);

    const statements = vi.spyOn(pool(), "query");
    try {
      const res = await fetch(url, { headers: { "Accept-Encoding": "gzip" } });
      expect(await res.json()).toMatchObject({ tag: "withdrawRequest", defaultDescription: "Refund #12", minWithdrawable: 2_100_000, maxWithdrawable: 2_100_000 });
      expect(statements).toHaveBeenCalledTimes(1);
      expect(statements.mock.calls[0][0]).toMatchObject({ name: "withdraw-by-secret" });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    } finally {
      statements.mockRestore();
    }
  });

  it("refuses a link it does not know as a wallet can show, with the same headers", async () => {
    const res = await fetch(`${server.url}/api/lnurl/w/not-a-real-secret`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ERROR", reason: "This withdraw link is not valid." });
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
  });
});
