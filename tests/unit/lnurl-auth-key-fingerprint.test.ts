// The fingerprint Settings shows for a wallet's linking key, so the account holder can tell their wallet
// from one that scanned the link code first.
import { describe, expect, it } from "vitest";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";

describe("keyFingerprint", () => {
  it.each([
    ["02" + "ab".repeat(31) + "cd", "02ab abab abab … abab abcd"],
    ["03eb0b4b5cf1e3c6ef72f5e2f2b6c5b45bda8b0e95b2b8f5e2e0c4b1a2c3d4e5f6", "03eb 0b4b 5cf1 … c3d4 e5f6"],
    ["02EB0B4B5CF1E3C6EF72F5E2F2B6C5B45BDA8B0E95B2B8F5E2E0C4B1A2C3D4E5F6", "02eb 0b4b 5cf1 … c3d4 e5f6"],
  ])("%s → %s", (key, fingerprint) => {
    expect(keyFingerprint(key)).toBe(fingerprint);
  });

  it("tells apart keys that differ at either end", () => {
    const key = "02" + "11".repeat(32);
    expect(keyFingerprint(key)).not.toBe(keyFingerprint("03" + key.slice(2)));
    expect(keyFingerprint(key)).not.toBe(keyFingerprint(key.slice(0, -1) + "2"));
  });
});
