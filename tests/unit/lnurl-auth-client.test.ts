// LNURL-auth as a client, the pure parts: LUD-05's derivation (against LUD-05's own vector and against the
// same path computed here with the BIP32 library's path API), the LUD-04 signature (checked by lnurl-node's
// verifier, another secp256k1 implementation), the sealed root secret, and which links are accepted.
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { HDKey } from "@scure/bip32";
import { describe, expect, it } from "vitest";
import { readAuthLink, signedCallback } from "@/lib/lnurl-auth-client/auth-link";
import { deriveLinkingKey, hashingKeyOf, linkingPathSuffix, signK1 } from "@/lib/lnurl-auth-client/linking-key";
import { openSeed, sealSeed } from "@/lib/lnurl-auth-client/seed-box";
import { encodeLnurl } from "@/lib/lnurl/codec";

process.env.LNURL_SECRET_KEY ??= "unit-test-lnurl-secret-key-of-32-characters-or-more";

const verify = createRequire(path.join(process.cwd(), "package.json"))("lnurl/lib/verifyAuthorizationSignature") as (sig: string, k1: string, key: string) => boolean;
const seedA = Uint8Array.from(Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex"));
const seedB = Uint8Array.from(Buffer.from("ff".repeat(32), "hex"));
const K1 = "e2af6254a8df433264fa23f67eb8188635d15ce883e8fc020989d5f82ae6f11e";

describe("LUD-05 linking keys", () => {
  it("turns the hashing key and domain into LUD-05's path suffix (its test vector)", () => {
    const hashingKey = Uint8Array.from(Buffer.from("7d417a6a5e9a6a4a879aeaba11a11838764c8fa2b959c242d43dea682b3e409b", "hex"));
    expect(linkingPathSuffix(hashingKey, "site.com")).toEqual([1588488367, 2659270754, 38110259, 4136336762]);
  });

  it("matches the path m/138'/<suffix> computed independently with the library's path API", () => {
    for (const domain of ["site.com", "auth.example.org", "127.0.0.1"]) {
      const root = HDKey.fromMasterSeed(seedA);
      const hashingKey = root.derive("m/138'/0").privateKey!;
      expect(Buffer.from(hashingKeyOf(root)).toString("hex")).toBe(Buffer.from(hashingKey).toString("hex"));
      const material = createHmac("sha256", hashingKey).update(domain).digest();
      // An index of 2^31 or more is a hardened step; a path string writes it as (index - 2^31)'.
      const steps = [0, 4, 8, 12].map((at) => material.readUInt32BE(at)).map((n) => (n >= 0x80000000 ? `${n - 0x80000000}'` : `${n}`));
      const expected = root.derive(`m/138'/${steps.join("/")}`);
      const derived = deriveLinkingKey(seedA, domain);
      expect(derived.publicKey).toBe(Buffer.from(expected.publicKey!).toString("hex"));
      expect(Buffer.from(derived.privateKey).toString("hex")).toBe(Buffer.from(expected.privateKey!).toString("hex"));
    }
  });

  it("gives the same domain the same key, another domain or another root another key", () => {
    const here = deriveLinkingKey(seedA, "site.com").publicKey;
    expect(deriveLinkingKey(seedA, "site.com").publicKey).toBe(here);
    expect(here).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(deriveLinkingKey(seedA, "www.site.com").publicKey).not.toBe(here);
    expect(deriveLinkingKey(seedB, "site.com").publicKey).not.toBe(here);
  });
});

describe("LUD-04 signatures", () => {
  it("signs the raw k1 in strict low-S DER that another implementation verifies", () => {
    const key = deriveLinkingKey(seedA, "site.com");
    const sig = signK1(key.privateKey, K1);
    expect(verify(sig, K1, key.publicKey)).toBe(true);
    expect(verify(sig, K1.replace(/^e/, "f"), key.publicKey)).toBe(false);
    expect(verify(sig, K1, deriveLinkingKey(seedA, "other.com").publicKey)).toBe(false);
    const parsed = secp256k1.Signature.fromBytes(Uint8Array.from(Buffer.from(sig, "hex")), "der");
    expect(parsed.hasHighS()).toBe(false);
  });
});

describe("the sealed root secret", () => {
  it("opens only for the merchant it was sealed for, and shows nothing of the secret", () => {
    const sealed = sealSeed(seedA, "mer_a");
    expect(Buffer.from(openSeed(sealed, "mer_a")).toString("hex")).toBe(Buffer.from(seedA).toString("hex"));
    expect(sealed).not.toContain(Buffer.from(seedA).toString("hex"));
    expect(sealed).not.toContain(Buffer.from(seedA).toString("base64url"));
    expect(() => openSeed(sealed, "mer_b")).toThrow();
    const [v, iv, tag, data] = sealed.split(".");
    const flipped = Buffer.from(data, "base64url");
    flipped[0] ^= 1;
    expect(() => openSeed([v, iv, tag, flipped.toString("base64url")].join("."), "mer_a")).toThrow();
    expect(sealSeed(seedA, "mer_a")).not.toBe(sealed);
  });
});

describe("which links are accepted", () => {
  const policy = { allowPrivate: false };
  const url = `https://Auth.Example.com./lnurl?tag=login&k1=${K1.toUpperCase()}&action=login&x=a%20b`;

  it("reads every form of one login link alike", () => {
    const forms = [{ callback: url }, { lnurl: encodeLnurl(url) }, { lnurl: `lightning:${encodeLnurl(url).toLowerCase()}` }, { lnurl: url.replace("https:", "keyauth:") }];
    for (const body of forms) {
      const link = readAuthLink(body, policy);
      expect(link).toMatchObject({ domain: "auth.example.com", k1: K1, action: "login" });
      expect(signedCallback(link, "30", "02ab")).toBe(`https://auth.example.com./lnurl?tag=login&k1=${K1.toUpperCase()}&action=login&x=a%20b&sig=30&key=02ab`);
    }
    // LUD-05's domain has no port (another port is allowed only with LNURL_ALLOW_PRIVATE_URLS).
    const onPort = readAuthLink({ callback: url.replace("com./", "com.:8443/") }, { allowPrivate: true });
    expect(onPort.domain).toBe("auth.example.com");
    expect(signedCallback(onPort, "30", "02ab")).toMatch(/^https:\/\/auth\.example\.com\.:8443\/lnurl\?/);
  });

  it.each([
    [{ callback: url.replace("tag=login", "tag=payRequest") }, "validation_error", /tag is "payRequest"/],
    [{ callback: url.replace(K1.toUpperCase(), "abc") }, "validation_error", /k1 must be 64 hexadecimal/],
    [{ callback: url.replace("action=login", "action=withdraw") }, "validation_error", /action "withdraw"/],
    [{ callback: `${url}&key=02` }, "validation_error", /already carries sig or key/],
    [{ callback: url.replace("https:", "http:") }, "lnurl_url_not_allowed", /https/],
    [{ callback: url.replace("https://", "https://user:pw@") }, "lnurl_url_not_allowed", /user name or password/],
    [{ callback: url.replace("com./", "com.:8443/") }, "lnurl_url_not_allowed", /usual port .* uses port 8443/],
    [{ lnurl: "lnbc1invoice" }, "validation_error", /not an LNURL-auth code/],
    [{ lnurl: 42 }, "validation_error", /lnurl must be a string/],
    [{ lnurl: encodeLnurl(url.replace("tag=login&", "")) }, "validation_error", /no tag=login/],
  ])("refuses %j", (body, code, message) => {
    expect(() => readAuthLink(body, policy)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it("takes keyauth:// without a tag, as LUD-17 names the kind by its scheme", () => {
    expect(readAuthLink({ lnurl: `keyauth://example.com/a?k1=${K1}` }, policy)).toMatchObject({ domain: "example.com", action: null });
  });
});
