// The lint rule of eslint.config.mjs that keeps money arithmetic in lib/money.ts: run through ESLint with the
// project's own configuration on small sources, it must find each kind of leak and leave times alone.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The money rule's findings for `code` as if it were the file `file` of the repository. */
async function findings(code: string, file = "lib/example.ts"): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result.fatalErrorCount).toBe(0);
  return result.messages.filter((m) => m.ruleId === "no-restricted-syntax" && m.message.includes("lib/money.ts")).map((m) => m.line);
}

describe("the money arithmetic rule", () => {
  it.each([
    ["sats to msat with 1000n", "export const msat = (sats: bigint) => sats * 1000n;"],
    ["msat to sats with 1000n", "export const sats = (amountMsat: bigint) => amountMsat / 1000n;"],
    ["a remainder by 1000n", "export const whole = (amountMsat: bigint) => amountMsat % 1000n === 0n;"],
    ["1000n whatever the name", "export const x = (value: bigint) => value * 1000n;"],
    ["1_000n", "export const x = (value: bigint) => value * 1_000n;"],
    ["a float division of an amount", "export const sats = (amountMsat: number) => amountMsat / 1000;"],
    ["a division of a property named for an amount", "export const sats = (o: { feeMsat: number }) => o.feeMsat / 1_000;"],
    ["1e3", "export const msat = (sats: number) => sats * 1e3;"],
    ["a multiplication inside a call", "export const msat = (sats: number) => BigInt(Math.round(sats * 1000));"],
    ["Number() of an amount", "export const n = (amount: string) => Number(amount);"],
    ["Number() of an msat column", "export const n = (row: { paid_amount_msat: string }) => Number(row.paid_amount_msat);"],
    ["Number() of an environment amount", 'export const n = Number(process.env.BENCH_AMOUNT_MSAT || "1000");'],
    ["parseFloat of a balance", "export const n = (balance: string) => parseFloat(balance);"],
    ["parseInt of fee text", "export const n = (feeText: string) => parseInt(feeText, 10);"],
  ])("finds %s", async (_name, code) => {
    expect(await findings(code)).toEqual([1]);
  });

  it.each(["app/(dashboard)/example/page.tsx", "components/example.tsx", "scripts/example.ts", "instrumentation.ts"])(
    "applies in %s",
    async (file) => {
      expect(await findings("export const msat = (sats: bigint) => sats * 1000n;\n", file)).toEqual([1]);
    },
  );

  it("finds every leak of a file, line by line", async () => {
    const code = ["export function f(sats: bigint, amountMsat: number, fee: string) {", "  const a = sats * 1000n;", "  const b = amountMsat / 1000;", "  return [a, b, Number(fee)];", "}"].join("\n");
    expect(await findings(code)).toEqual([2, 3, 4]);
  });

  it.each([
    ["seconds to a Date", "export const at = (expiresAt: number) => new Date(expiresAt * 1000);"],
    ["milliseconds to seconds", "export const s = (timeoutMs: number) => Math.round(timeoutMs / 1000);"],
    ["a TTL in seconds", "export const ms = (ttlSeconds: number) => ttlSeconds * 1000;"],
    ["the clock", "export const now = () => Math.floor(Date.now() / 1000);"],
    ["a request's timeout", "export const ms = (request: { timeoutSeconds: number }) => request.timeoutSeconds * 1000;"],
    ["an amount with a time in the same expression", "export const ms = (feeRefreshMs: number) => feeRefreshMs / 1000;"],
    ["Number() of a count", "export const n = (values: { ttl: string; count: string }) => [Number(values.ttl), Number(values.count)];"],
    ["the conversions of lib/money.ts", 'import { msatToSats, satsToMsat } from "@/lib/money";\nexport const f = (sats: bigint, amountMsat: bigint) => [satsToMsat(sats), msatToSats(amountMsat)];'],
    ["amounts added and compared", "export const f = (amountMsat: bigint, feeMsat: bigint) => amountMsat + feeMsat > 1000n;"],
  ])("leaves alone %s", async (_name, code) => {
    expect(await findings(code)).toEqual([]);
  });

  it("leaves lib/money.ts itself and the tests alone", async () => {
    const leak = "export const msat = (sats: bigint) => sats * 1000n;\n";
    expect(await findings(leak, "lib/money.ts")).toEqual([]);
    expect(await findings(leak, "tests/unit/example.test.ts")).toEqual([]);
  });
});
