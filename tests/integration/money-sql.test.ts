// The one piece of money formatting that runs in PostgreSQL (the withdraws export writes its sats columns
// there): msatAsSatsSql must write exactly the text formatMsatAsSats writes, for every amount a bigint holds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { formatMsatAsSats, msatAsSatsSql } from "@/lib/money";

async function inSql(values: (bigint | null)[]): Promise<(string | null)[]> {
  const { rows } = await pool().query<{ sats: string | null }>(
    `SELECT ${msatAsSatsSql("t.msat")} AS sats FROM unnest($1::bigint[]) WITH ORDINALITY AS t(msat, n) ORDER BY t.n`,
    [values.map((v) => (v === null ? null : v.toString()))],
  );
  return rows.map((r) => r.sats);
}

describe("msatAsSatsSql on PostgreSQL", () => {
  it("writes the same text as formatMsatAsSats at the edges", async () => {
    const values = [
      0n, 1n, 10n, 100n, 999n, 1_000n, 1_001n, 1_500n, 1_234_567n, 1_234_560n, 21_000_000n,
      9_007_199_254_740_993n, 2_100_000_000_000_000_001n, 9_223_372_036_854_775_807n,
      -1n, -1_500n, -1_000n, -9_223_372_036_854_775_808n,
    ];
    expect(await inSql(values)).toEqual(values.map(formatMsatAsSats));
  });

  it("leaves NULL as NULL", async () => {
    expect(await inSql([null, 5_000n])).toEqual([null, "5"]);
  });

  it("writes the same text as formatMsatAsSats for any bigint", async () => {
    const values = fc.sample(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), 500);
    expect(await inSql(values)).toEqual(values.map(formatMsatAsSats));
  });
});
