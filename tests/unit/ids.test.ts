import { describe, expect, it } from "vitest";
import { isId, newId } from "@/lib/ids";

describe("newId", () => {
  it("carries the kind's prefix and 26 base32 characters", () => {
    expect(newId("merchant")).toMatch(/^mer_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(newId("user")).toMatch(/^usr_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("sorts by creation time", () => {
    const ids = [3, 1, 2].map((t) => newId("user", 1_700_000_000_000 + t * 1000));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it("does not repeat within the same millisecond", () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("merchant", now)));
    expect(ids.size).toBe(10_000);
  });

  it("sorts in creation order within the same millisecond", () => {
    const now = Date.now();
    const ids = Array.from({ length: 1_000 }, () => newId("ledgerEntry", now));
    expect([...ids].sort()).toEqual(ids);
  });

  it("is recognised by isId only for its own kind", () => {
    const id = newId("merchant");
    expect(isId("merchant", id)).toBe(true);
    expect(isId("user", id)).toBe(false);
    expect(isId("merchant", id.toUpperCase())).toBe(false);
    expect(isId("merchant", `${id}x`)).toBe(false);
  });
});
