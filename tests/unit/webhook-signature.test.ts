// Webhook signatures as a receiver checks them, the address rules for webhook URLs, and the retry schedule.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { classifyAddress } from "@/lib/outbound/address-policy";
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "@/lib/webhooks/retry-schedule";
import { parseSignatureHeader, signPayload, verifySignature } from "@/lib/webhooks/signature";
import type { Resolver } from "@/lib/outbound/target-policy";
import { checkUrlForm, resolveWebhookTarget } from "@/lib/webhooks/url-policy";

const SECRET = "whsec_test-secret";
const BODY = JSON.stringify({ id: "evt_1", object: "event", type: "withdraw.paid" });
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const T = NOW / 1000;

/** The receiver snippet of docs/using.md, run as a receiver would copy it (Date.now() is the caller's `now`). */
function docsVerifier(nowMs: number): (secret: string, header: string, body: string) => boolean {
  const doc = readFileSync("docs/using.md", "utf8");
  const snippet = /\*\*Verifying a signature\*\*[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error("docs/using.md lost its signature snippet");
  const code = snippet.replace(/^import .*$/m, "").replaceAll("Date.now()", "nowMs");
  return new Function("createHmac", "timingSafeEqual", "nowMs", `${code}\nreturn verifySluiceSignature;`)(createHmac, timingSafeEqual, nowMs);
}

describe("signatures during a secret roll", () => {
  const NEW = "whsec_new";
  const OLD = "whsec_old";
  const header = signPayload([NEW, OLD], BODY, T);

  it("carries one v1 entry per secret, the current first", () => {
    const parsed = parseSignatureHeader(header)!;
    expect(parsed.signatures).toHaveLength(2);
    expect(parsed.signatures[0]).toBe(createHmac("sha256", NEW).update(`${T}.${BODY}`).digest("hex"));
    expect(parsed.signatures[1]).toBe(createHmac("sha256", OLD).update(`${T}.${BODY}`).digest("hex"));
  });

  it.each([
    ["lib's verifySignature", (secret: string, h: string, body: string) => verifySignature(secret, h, body, 300, NOW)],
    ["the receiver snippet of docs/using.md", docsVerifier(NOW)],
  ])("verifies with either secret and refuses a third, with %s", (_name, verify) => {
    expect(verify(NEW, header, BODY)).toBe(true);
    expect(verify(OLD, header, BODY)).toBe(true);
    expect(verify("whsec_other", header, BODY)).toBe(false);
    expect(verify(NEW, header, BODY.replace("paid", "expired"))).toBe(false);
  });
});

describe("signatures", () => {
  it("signs t.body with HMAC-SHA256 in the documented header form", () => {
    const header = signPayload(SECRET, BODY, T);
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
    expect(header).toBe(`t=${T},v1=${expected}`);
    expect(verifySignature(SECRET, header, BODY, 300, NOW)).toBe(true);
  });

  it.each([
    ["a tampered body", signPayload(SECRET, BODY, T), BODY.replace("paid", "expired"), SECRET, NOW],
    ["another secret", signPayload("whsec_other", BODY, T), BODY, SECRET, NOW],
    ["a timestamp older than the tolerance", signPayload(SECRET, BODY, T - 301), BODY, SECRET, NOW],
    ["a timestamp too far in the future", signPayload(SECRET, BODY, T + 301), BODY, SECRET, NOW],
    ["a timestamp changed after signing", signPayload(SECRET, BODY, T).replace(`t=${T}`, `t=${T + 1}`), BODY, SECRET, NOW],
  ])("refuses %s", (_name, header, body, secret, now) => {
    expect(verifySignature(secret, header, body, 300, now)).toBe(false);
  });

  it("accepts a timestamp just inside the tolerance, and any one valid v1 among several", () => {
    expect(verifySignature(SECRET, signPayload(SECRET, BODY, T - 300), BODY, 300, NOW)).toBe(true);
    const good = signPayload(SECRET, BODY, T);
    const withOld = `${good},v1=${"0".repeat(64)}`;
    expect(verifySignature(SECRET, withOld, BODY, 300, NOW)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["v1=" + "a".repeat(64), "no timestamp"],
    [`t=${T}`, "no signature"],
    [`t=${T},v1=abc`, "a short signature"],
    [`t=${T},v1=${"g".repeat(64)}`, "a signature that is not hex"],
    [`t=soon,v1=${"a".repeat(64)}`, "a timestamp that is not a number"],
    [`t=${T}=1,v1=${"a".repeat(64)}`, "a part with two equals signs"],
  ])("refuses the malformed header %j (%s)", (header) => {
    expect(parseSignatureHeader(header)).toBeNull();
    expect(verifySignature(SECRET, header, BODY, 300, NOW)).toBe(false);
  });

  it("refuses a missing header", () => {
    expect(verifySignature(SECRET, undefined, BODY, 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, null, BODY, 300, NOW)).toBe(false);
  });
});

describe("address classes", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["93.184.215.14", "public"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.128.0.1", "public"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "reserved"],
    ["64:ff9b::a9fe:a9fe", "translated"],
    ["2002:c0a8:0101::1", "tunnel"],
    ["2002:0808:0808::1", "tunnel"],
  ])("%s is %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });
});

describe("webhook URLs", () => {
  const strict = { allowPrivate: false, allowHttp: false };
  const local = { allowPrivate: true, allowHttp: true };
  const dns =
    (table: Record<string, string[]>): Resolver =>
    async (host) => {
      const found = table[host];
      if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    };
  const names = dns({
    "hooks.example.com": ["93.184.215.14"],
    "internal.example.com": ["10.0.0.7"],
    "mixed.example.com": ["93.184.215.14", "127.0.0.1"],
    "v6only.example.com": ["::ffff:192.168.0.10"],
  });

  it("resolves a public host to the address that will be connected to", async () => {
    const target = await resolveWebhookTarget("https://hooks.example.com/sluice", strict, names);
    expect(target).toMatchObject({ address: "93.184.215.14", family: 4 });
    expect(target.url.hostname).toBe("hooks.example.com");
  });

  it.each([
    ["https://internal.example.com/x", /internal\.example\.com \(10\.0\.0\.7\) is not a public address \(private\)/],
    ["https://mixed.example.com/x", /127\.0\.0\.1.*loopback/],
    ["https://v6only.example.com/x", /private/],
    ["https://127.0.0.1/x", /127\.0\.0\.1 is not a public address \(loopback\)/],
    ["https://[::1]/x", /::1 is not a public address \(loopback\)/],
    ["https://[::ffff:169.254.169.254]/latest", /link-local/],
    ["https://localhost:8443/x", /localhost is not a public address/],
    ["https://api.localhost/x", /not a public address/],
    ["https://nowhere.example.com/x", /could not be found/],
  ])("refuses %s without WEBHOOK_ALLOW_PRIVATE_URLS", async (url, message) => {
    await expect(resolveWebhookTarget(url, strict, names)).rejects.toMatchObject({ code: "webhook_url_not_allowed", param: "url", message: expect.stringMatching(message) });
  });

  it("allows private and loopback hosts, and http, when configuration allows them", async () => {
    await expect(resolveWebhookTarget("http://127.0.0.1:4000/hook", local, names)).resolves.toMatchObject({ address: "127.0.0.1" });
    await expect(resolveWebhookTarget("http://internal.example.com/hook", local, names)).resolves.toMatchObject({ address: "10.0.0.7" });
  });

  it.each([
    ["http://hooks.example.com/x", /https:\/\//],
    ["ftp://hooks.example.com/x", /https:\/\//],
    ["hooks.example.com/x", /full URL/],
    ["https://user:pass@hooks.example.com/x", /passwords/],
    ["https://hooks.example.com/x#frag", /fragment/],
    [`https://hooks.example.com/${"a".repeat(2100)}`, /full URL/],
  ])("refuses the form of %s", (url, message) => {
    expect(() => checkUrlForm(url, strict)).toThrow(message);
  });

  it("reads WEBHOOK_ALLOW_PRIVATE_URLS as a boolean, off by default, and names it when wrong", () => {
    expect(parseEnv({}).webhookAllowPrivateUrls).toBe(false);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: "true" }).webhookAllowPrivateUrls).toBe(true);
    expect(() => parseEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: "sometimes" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_URLS must be "true" or "false"/);
  });
});

describe("retry schedule", () => {
  const start = new Date(NOW);
  it("waits 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h, 24 h, then gives up after the ninth attempt", () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => nextAttemptAt(i + 1, start, () => 0)!.getTime() - NOW);
    expect(delays).toEqual([...RETRY_DELAYS_MS]);
    expect(delays.map((d) => d / 60_000)).toEqual([1, 5, 30, 120, 300, 600, 1440, 1440]);
    expect(nextAttemptAt(MAX_ATTEMPTS, start)).toBeNull();
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect((total * 1.1) / 86_400_000).toBeLessThan(3.1);
  });

  it("adds at most 10 % of jitter", () => {
    expect(nextAttemptAt(1, start, () => 0.999)!.getTime() - NOW).toBe(Math.round(60_000 * 1.0999));
    for (let i = 0; i < 50; i++) {
      const delay = nextAttemptAt(4, start)!.getTime() - NOW;
      expect(delay).toBeGreaterThanOrEqual(2 * 3_600_000);
      expect(delay).toBeLessThan(2.2 * 3_600_000);
    }
  });
});
