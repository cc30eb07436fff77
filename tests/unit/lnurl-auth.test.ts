// LUD-04 signatures: the spec's example vector, tampered copies of it, keys and signatures a wallet made with
// @noble/curves, strict DER, and the query checks of the wallet callback.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { walletCallbackSchema } from "@/lib/lnurl-auth/schemas";
import { verifyLinkingSignature } from "@/lib/lnurl-auth/verify-signature";
import vector from "../vectors/lud04.json";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));

/** Flips one bit of a hex string at the given byte. */
function flip(h: string, byte: number): string {
  const b = bytes(h);
  b[byte] ^= 0x01;
  return hex(b);
}

function der(r: string, s: string): string {
  const body = `02${(r.length / 2).toString(16).padStart(2, "0")}${r}02${(s.length / 2).toString(16).padStart(2, "0")}${s}`;
  return `30${(body.length / 2).toString(16).padStart(2, "0")}${body}`;
}

describe("the LUD-04 example vector", () => {
  it("verifies", () => {
    expect(vector.valid).toBe(true);
    expect(verifyLinkingSignature(vector)).toEqual({ ok: true });
  });

  it("fails with any tampered k1, sig or key", () => {
    expect(verifyLinkingSignature({ ...vector, k1: flip(vector.k1, 0) }).ok).toBe(false);
    expect(verifyLinkingSignature({ ...vector, k1: flip(vector.k1, 31) }).ok).toBe(false);
    // A bit of r, a bit of s.
    expect(verifyLinkingSignature({ ...vector, sig: flip(vector.sig, 10) }).ok).toBe(false);
    expect(verifyLinkingSignature({ ...vector, sig: flip(vector.sig, 60) }).ok).toBe(false);
    // Another valid key (the other parity of the same x is a different point).
    const otherParity = (vector.key.startsWith("02") ? "03" : "02") + vector.key.slice(2);
    expect(verifyLinkingSignature({ ...vector, key: otherParity })).toEqual({ ok: false, reason: "The signature does not verify for this key and k1." });
    expect(verifyLinkingSignature({ ...vector, key: flip(vector.key, 32) }).ok).toBe(false);
  });

  it("is a signature over the raw k1 bytes, not over sha256(k1)", () => {
    const sig = secp256k1.Signature.fromBytes(bytes(vector.sig), "der").toBytes("compact");
    expect(secp256k1.verify(sig, bytes(vector.k1), bytes(vector.key), { prehash: false })).toBe(true);
    expect(secp256k1.verify(sig, bytes(vector.k1), bytes(vector.key), { prehash: true })).toBe(false);
  });
});

describe("signatures of a wallet's own linking key", () => {
  const secretKey = secp256k1.utils.randomSecretKey();
  const key = hex(secp256k1.getPublicKey(secretKey, true));
  const k1 = hex(secp256k1.utils.randomSecretKey());
  const sign = (message: string, opts: { lowS?: boolean } = {}) =>
    hex(secp256k1.sign(bytes(message), secretKey, { prehash: false, format: "der", ...opts }));

  it("verifies the wallet's DER signature of k1", () => {
    expect(verifyLinkingSignature({ k1, key, sig: sign(k1) })).toEqual({ ok: true });
  });

  it("accepts the high-S twin of a signature (LUD-04 does not ask for low S)", () => {
    const low = secp256k1.Signature.fromBytes(bytes(sign(k1)), "der");
    const n = secp256k1.Point.CURVE().n;
    const high = new secp256k1.Signature(low.r, n - low.s);
    expect(verifyLinkingSignature({ k1, key, sig: hex(high.toBytes("der")) })).toEqual({ ok: true });
  });

  it("refuses a signature of another k1", () => {
    const other = hex(secp256k1.utils.randomSecretKey());
    expect(verifyLinkingSignature({ k1, key, sig: sign(other) }).ok).toBe(false);
  });

  it("refuses a key that is not a point on the curve", () => {
    const offCurve = `02${"00".repeat(31)}05`; // x = 5: x³ + 7 = 132 is not a square mod p
    expect(verifyLinkingSignature({ k1, key: offCurve, sig: sign(k1) })).toEqual({ ok: false, reason: "The key is not a point on secp256k1." });
  });
});

describe("strict DER (checked by @noble/curves)", () => {
  const r = "3767faf494f110b139293d9bab3c50e07b3bf33c463d4aa767256cd09132dc51";
  const s = "5821f8efacdb5c595b92ada255876d9201e126e2f31a140d44561cc1f7e9e43d";
  const n = secp256k1.Point.CURVE().n;
  /** What the verdict says of a sig that is not strict DER, the rest of the vector unchanged. */
  const refusal = (sig: string) => verifyLinkingSignature({ ...vector, sig });

  it("the vector is the strict DER of its r and s, and noble reads them back", () => {
    expect(der(r, s)).toBe(vector.sig);
    const read = secp256k1.Signature.fromBytes(bytes(vector.sig), "der");
    expect([read.r, read.s]).toEqual([BigInt(`0x${r}`), BigInt(`0x${s}`)]);
  });

  it("accepts a 33-byte integer whose leading zero keeps it positive", () => {
    const secretKey = secp256k1.utils.randomSecretKey();
    const key = hex(secp256k1.getPublicKey(secretKey, true));
    // About half of all signatures have r's top bit set, so DER puts a 0x00 before it; 64 tries find one.
    const signed = Array.from({ length: 64 }, () => {
      const k1 = hex(secp256k1.utils.randomSecretKey());
      return { k1, key, sig: hex(secp256k1.sign(bytes(k1), secretKey, { prehash: false, format: "der" })) };
    }).find((candidate) => candidate.sig.slice(6, 10) === "2100");
    expect(signed).toBeDefined();
    expect(verifyLinkingSignature(signed!)).toEqual({ ok: true });
  });

  // Each is the vector's own r and s (or a near copy) spelt in a way a lax BER reader would accept; a verifier
  // that tolerated them would give one signature several spellings.
  it.each([
    ["too short", "3006020101020101".slice(0, 14), "tlv.decode: wrong value length"],
    ["not a SEQUENCE", `31${vector.sig.slice(2)}`, "tlv.decode: wrong tlv"],
    ["a length byte one too big", `3045${vector.sig.slice(4)}`, "tlv.decode: wrong value length"],
    ["a length byte one too small", `3043${vector.sig.slice(4)}`, "left bytes after parsing"],
    ["a trailing byte after the sequence", `${vector.sig}00`, "left bytes after parsing"],
    ["a trailing byte inside the sequence", `3045${vector.sig.slice(4)}00`, "left bytes after parsing"],
    ["the sequence's length in long form", `308144${vector.sig.slice(4)}`, "tlv.decode(long): not minimal encoding"],
    ["r's length in long form", `3045028120${vector.sig.slice(8)}`, "tlv.decode(long): not minimal encoding"],
    ["r not an INTEGER", `30440320${vector.sig.slice(8)}`, "tlv.decode: wrong tlv"],
    ["s not an INTEGER", der(r, s).replace(`${r}02`, `${r}03`), "tlv.decode: wrong tlv"],
    ["a negative r", der(`80${r.slice(2)}`, s), "invalid signature integer: negative"],
    ["an extra leading zero in r", der(`00${r}`, s), "unnecessary leading zero"],
    ["an extra leading zero in s", der(r, `00${s}`), "unnecessary leading zero"],
    ["two leading zeros in r", der(`0000${r}`, s), "integer too large"],
    ["r = 0", der("00", s), "invalid signature r: out of range"],
    ["s = n", der(r, `00${n.toString(16)}`), "invalid signature s: out of range"],
    ["r running past the end", `3008020a${r.slice(0, 8)}0201`.padEnd(20, "0"), "tlv.decode: wrong value length"],
  ])("refuses %s", (_why, sig, message) => {
    expect(() => secp256k1.Signature.fromBytes(bytes(sig), "der")).toThrow(message);
    expect(secp256k1.verify(bytes(sig), bytes(vector.k1), bytes(vector.key), { prehash: false, lowS: false, format: "der" })).toBe(false);
    const verdict = refusal(sig);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.reason).toMatch(/^The signature is not strict DER: .+/);
    expect(verdict.ok ? "" : verdict.reason).toContain(message);
  });

  it("names the DER fault in the verdict", () => {
    expect(refusal(`${vector.sig}00`)).toEqual({
      ok: false,
      reason: "The signature is not strict DER: invalid signature: left bytes after parsing.",
    });
  });
});

describe("the wallet callback's query", () => {
  const good = { tag: "login", k1: vector.k1, sig: vector.sig, key: vector.key, action: "login" };
  const reason = (query: Record<string, string | undefined>) => {
    const parsed = walletCallbackSchema.safeParse(query);
    return parsed.success ? null : parsed.error.issues[0].message;
  };

  it("accepts the vector, and upper-case hex as lower-case", () => {
    expect(reason(good)).toBeNull();
    const upper = walletCallbackSchema.parse({ ...good, k1: good.k1.toUpperCase(), key: good.key.toUpperCase() });
    expect(upper.k1).toBe(vector.k1);
    expect(upper.key).toBe(vector.key);
  });

  it.each([
    [{ tag: "withdrawRequest" }, 'tag must be "login".'],
    [{ k1: undefined }, "Missing k1."],
    [{ k1: vector.k1.slice(2) }, "k1 must be 64 hexadecimal characters (32 bytes)."],
    [{ k1: `${vector.k1.slice(1)}g` }, "k1 must be hexadecimal."],
    [{ sig: "" }, "Missing sig."],
    [{ sig: "3006" }, "sig must be a DER signature of 8 to 72 bytes (16 to 144 hexadecimal characters)."],
    [{ sig: `${vector.sig}0` }, "sig must be a DER signature of 8 to 72 bytes (16 to 144 hexadecimal characters)."],
    [{ key: `04${vector.key.slice(2)}` }, "key must be a compressed public key: 66 hexadecimal characters starting with 02 or 03."],
    [{ key: `${vector.key}00` }, "key must be a compressed public key: 66 hexadecimal characters starting with 02 or 03."],
    [{ action: "register" }, 'action must be "login" or "link".'],
  ])("refuses %j", (change, message) => {
    expect(reason({ ...good, ...change })).toBe(message);
  });
});
