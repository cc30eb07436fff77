// What a pasted code is, before anything is fetched (lib/lnurl-client/parse-code.ts), and which LNURL service
// addresses Sluice may call (lib/lnurl-client/service-policy.ts).
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { encodeLnurl } from "@/lib/lnurl/codec";
import { parseCode } from "@/lib/lnurl-client/parse-code";
import { checkServiceUrl, resolveServiceTarget } from "@/lib/lnurl-client/service-policy";
import { appErrorOf, rejectedAppError } from "../support/app-errors";
import { TestWallet } from "../support/test-wallet";

const strict = { allowPrivate: false };
const relaxed = { allowPrivate: true };
const PAY_URL = "https://shop.example.com/lnurlp/alice";
const LNURL = encodeLnurl(PAY_URL);

describe("parseCode", () => {
  it.each([
    ["upper-case bech32", LNURL],
    ["lower-case bech32", LNURL.toLowerCase()],
    ["lightning: URI", `lightning:${LNURL}`],
    ["LIGHTNING: URI with spaces", `  LIGHTNING:${LNURL}  `],
  ])("reads an LNURL given as %s", (_name, code) => {
    const parsed = parseCode(code, strict);
    expect(parsed).toMatchObject({ type: "lnurl", scheme: "lnurl" });
    expect(parsed.type === "lnurl" && parsed.url.toString()).toBe(PAY_URL);
  });

  it.each([
    ["lnurlp://shop.example.com/lnurlp/alice", "lnurlp", "https://shop.example.com/lnurlp/alice"],
    ["lightning:LNURLW://shop.example.com/w/1?x=y", "lnurlw", "https://shop.example.com/w/1?x=y"],
    ["keyauth://shop.example.com/auth?tag=login&k1=00", "keyauth", "https://shop.example.com/auth?tag=login&k1=00"],
    ["lnurlp://abcdefghij.onion/p/alice", "lnurlp", "http://abcdefghij.onion/p/alice"],
  ])("reads the LUD-17 link %s as https (http for .onion)", (code, scheme, url) => {
    const parsed = parseCode(code, strict);
    expect(parsed).toMatchObject({ type: "lnurl", scheme });
    expect(parsed.type === "lnurl" && parsed.url.toString()).toBe(url);
  });

  it("reads LUD-17 links to a local test server as http only when private URLs are allowed", () => {
    const strictParse = parseCode("lnurlp://127.0.0.1:4000/lnurlp/alice", strict);
    const relaxedParse = parseCode("lnurlp://127.0.0.1:4000/lnurlp/alice", relaxed);
    expect(strictParse.type === "lnurl" && strictParse.url.protocol).toBe("https:");
    expect(relaxedParse.type === "lnurl" && relaxedParse.url.protocol).toBe("http:");
  });

  it.each([
    ["alice@shop.example.com", "alice@shop.example.com", "https://shop.example.com/.well-known/lnurlp/alice"],
    ["lightning:Alice.Smith+tips@Shop.Example.com", "alice.smith+tips@shop.example.com", "https://shop.example.com/.well-known/lnurlp/alice.smith+tips"],
    ["bob@abcdefghij.onion", "bob@abcdefghij.onion", "http://abcdefghij.onion/.well-known/lnurlp/bob"],
  ])("reads the Lightning Address %s (LUD-16)", (code, address, url) => {
    const parsed = parseCode(code, strict);
    expect(parsed).toMatchObject({ type: "address", address });
    expect(parsed.type === "address" && parsed.url.toString()).toBe(url);
  });

  it("recognises a BOLT 11 invoice, with or without lightning:, in either case", () => {
    const invoice = new TestWallet("regtest").invoice(1000n);
    expect(parseCode(invoice, strict)).toEqual({ type: "invoice", invoice });
    expect(parseCode(`lightning:${invoice.toUpperCase()}`, strict)).toEqual({ type: "invoice", invoice });
  });

  it.each([
    ["", /Give an LNURL/],
    ["   ", /Give an LNURL/],
    [42, /Give an LNURL/],
    ["hello world", /not an LNURL/],
    ["https://shop.example.com/lnurlp/alice", /not an LNURL/],
    ["lnurl1qqqqqq", /not a valid LNURL/],
    ["LnUrL1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hxqurzepexejxxepnxscrvwfnv9nxzcn9xq6xyefhvgcxxcmyxymnserxfq5fns", /not a valid LNURL/],
    ["alice@", /not a Lightning Address/],
    ["Alice Smith@shop.example.com", /not a Lightning Address/],
    ["alice@shop", /not a Lightning Address/],
    ["x".repeat(4001), /too long/],
  ])("refuses %j with a clear validation error", (code, message) => {
    const error = appErrorOf(() => parseCode(code, strict));
    expect(error).toMatchObject({ code: "validation_error", param: "code" });
    expect(error.message).toMatch(message);
  });
});

describe("the LNURL service address policy", () => {
  it.each([
    ["http://shop.example.com/p", /https/],
    ["ftp://shop.example.com/p", /https/],
    ["https://user:pw@shop.example.com/p", /user name or password/],
    ["https://localhost/p", /not a public address/],
    ["not a url", /not a valid URL/],
  ])("refuses %s", (url, message) => {
    const error = appErrorOf(() => checkServiceUrl(url, strict));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toMatch(message);
  });

  it("allows http on .onion, and http and localhost only when private URLs are allowed", () => {
    expect(checkServiceUrl("http://abcdefghij.onion/p", strict).host).toBe("abcdefghij.onion");
    expect(checkServiceUrl("http://localhost:3000/p", relaxed).port).toBe("3000");
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["169.254.169.254", "link-local"],
    ["::ffff:192.168.1.1", "private"],
  ])("refuses a host that resolves to %s (%s), and allows it when private URLs are allowed", async (address, cls) => {
    const resolve = async () => [{ address, family: address.includes(":") ? 6 : 4 }];
    const error = await rejectedAppError(resolveServiceTarget("https://wallet.example.com/p", { allowPrivate: false, resolve }));
    expect(error.code).toBe("lnurl_url_not_allowed");
    expect(error.message).toContain(cls);
    expect((await resolveServiceTarget("https://wallet.example.com/p", { allowPrivate: true, resolve })).address).toBe(address);
  });

  it("connects to the public address it checked, and says so plainly when the host does not exist", async () => {
    const resolve = async () => [{ address: "93.184.216.34", family: 4 }];
    expect(await resolveServiceTarget("https://wallet.example.com/p", { allowPrivate: false, resolve })).toMatchObject({ address: "93.184.216.34", host: "wallet.example.com" });
    const missing = await rejectedAppError(
      resolveServiceTarget("https://nowhere.example.com/p", {
        allowPrivate: false,
        resolve: async () => {
          throw new Error("ENOTFOUND");
        },
      }),
    );
    expect(missing).toMatchObject({ code: "lnurl_unreachable", message: "The host nowhere.example.com could not be found." });
  });
});

describe("LNURL_ALLOW_PRIVATE_URLS", () => {
  it("is off by default, on only for a clear true, and a wrong value names the variable", () => {
    expect(parseEnv({}).lnurlAllowPrivateUrls).toBe(false);
    expect(parseEnv({ LNURL_ALLOW_PRIVATE_URLS: "true" }).lnurlAllowPrivateUrls).toBe(true);
    expect(parseEnv({ LNURL_ALLOW_PRIVATE_URLS: "0" }).lnurlAllowPrivateUrls).toBe(false);
    expect(() => parseEnv({ LNURL_ALLOW_PRIVATE_URLS: "maybe" })).toThrow('Invalid configuration: LNURL_ALLOW_PRIVATE_URLS must be "true" or "false" (got "maybe")');
  });
});
