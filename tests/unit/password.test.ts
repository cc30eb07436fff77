import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores scrypt parameters and a random salt, never the password", async () => {
    const a = await hashPassword("same password!");
    const b = await hashPassword("same password!");
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same password");
  });

  it("treats Unicode forms of the same password alike", async () => {
    const stored = await hashPassword("café-crème-12");
    expect(await verifyPassword("cafe\u0301-cre\u0300me-12", stored)).toBe(true);
  });

  it.each(["", "plain", "bcrypt$x$y", "scrypt$15$8$1$$"])("refuses a malformed stored hash %j", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });
});

describe("hashing under a flood", () => {
  it("runs at most 2 hashes at once with 32 waiting, and refuses the rest at once instead of queueing them", async () => {
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => hashPassword("flood password 1")));
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(34);
    expect(refused).toHaveLength(6);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "rate_limited" });
    // Once the queue has drained, hashing works again.
    expect(await verifyPassword("flood password 1", await hashPassword("flood password 1"))).toBe(true);
  });
});
