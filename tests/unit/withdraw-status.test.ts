import { describe, expect, it } from "vitest";
import { effectiveStatus } from "@/lib/withdraws/serialize-withdraw";

const at = (iso: string) => new Date(iso);

describe("effectiveStatus: expiry is exact on every read", () => {
  it.each([
    ["unpaid", "2026-01-01T00:10:00.000Z", "2026-01-01T00:09:59.999Z", "unpaid"],
    ["unpaid", "2026-01-01T00:10:00.000Z", "2026-01-01T00:10:00.000Z", "expired"],
    ["unpaid", "2026-01-01T00:10:00.000Z", "2026-01-02T00:00:00.000Z", "expired"],
    // A payment in flight neither expires nor can be cancelled; finished withdraws keep their status.
    ["processing", "2026-01-01T00:10:00.000Z", "2026-01-02T00:00:00.000Z", "processing"],
    ["paid", "2026-01-01T00:10:00.000Z", "2026-01-02T00:00:00.000Z", "paid"],
    ["cancelled", "2026-01-01T00:10:00.000Z", "2026-01-02T00:00:00.000Z", "cancelled"],
    ["expired", "2026-01-01T00:10:00.000Z", "2026-01-01T00:00:00.000Z", "expired"],
  ] as const)("%s expiring at %s, read at %s → %s", (status, expiresAt, now, expected) => {
    expect(effectiveStatus({ status, expiresAt: at(expiresAt) }, at(now))).toBe(expected);
  });
});
