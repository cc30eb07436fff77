import { describe, expect, it } from "vitest";
import { decodeLnurl, encodeLnurl, lnurlwLink } from "@/lib/lnurl/codec";
import { appErrorOf } from "../support/app-errors";
import vectors from "../vectors/lnurl.json";

describe("LUD-01 bech32 LNURL", () => {
  it.each(vectors.vectors)("decodes $lnurl to its URL", ({ lnurl, url }) => {
    expect(decodeLnurl(lnurl)).toBe(url);
    expect(decodeLnurl(lnurl.toLowerCase())).toBe(url);
    expect(decodeLnurl(`lightning:${lnurl}`)).toBe(url);
    expect(decodeLnurl(`  LIGHTNING:${lnurl.toUpperCase()}  `)).toBe(url);
  });

  it.each(vectors.vectors)("encodes the URL back to the same LNURL, upper-case for QR codes", ({ lnurl, url }) => {
    const encoded = encodeLnurl(url);
    expect(encoded).toBe(lnurl.toUpperCase());
    expect(encoded).toMatch(/^LNURL1[0-9A-Z]+$/);
  });

  it.each(vectors.invalid)("refuses $lnurl ($why)", ({ lnurl }) => {
    expect(appErrorOf(() => decodeLnurl(lnurl)).code).toBe("validation_error");
  });

  it.each([
    ["lnurl1qqqqqq", "not valid bech32"],
    ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "not an LNURL"],
    ["", "not valid bech32"],
  ])("refuses %j: %s", (input, message) => {
    expect(() => decodeLnurl(input)).toThrow(message);
  });
});

describe("LUD-17 links", () => {
  it("replaces the scheme with lnurlw:// and decodes back to https (http for onion hosts)", () => {
    expect(lnurlwLink("https://pay.example.com/api/lnurl/w/abc")).toBe("lnurlw://pay.example.com/api/lnurl/w/abc");
    expect(decodeLnurl("lnurlw://pay.example.com/api/lnurl/w/abc")).toBe("https://pay.example.com/api/lnurl/w/abc");
    expect(decodeLnurl("lnurlw://abcdef.onion/w?q=1")).toBe("http://abcdef.onion/w?q=1");
    expect(decodeLnurl("LNURLW://pay.example.com/x")).toBe("https://pay.example.com/x");
  });
});
