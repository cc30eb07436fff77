// `npm run fake-node` (scripts/fake-node.ts) as a person uses it, following README-fake-nodes.md: the script runs
// as its own process and is driven over its stdin; Sluice (the real route handlers and background work in a
// process of its own, tests/support/route-server-main.ts) is configured with exactly the environment line the
// script prints. For phoenixd and NWC: a withdraw created over the API is pulled with `pull` and paid by the
// fake node; a deposit created over the API is paid with `pay` and credited. For every kind: the printed line
// passes the start-up check `npm start` runs, and is the same after a restart.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { depositObjectSchema } from "@/lib/deposits/serialize-deposit";
import { parseEnv } from "@/lib/env";
import { freePort } from "@/lib/free-port";
import { buildBackend } from "@/lib/lightning/backend";
import { checkLightningNode } from "@/lib/lightning/check-node";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { api, createTestMerchant } from "../support/merchants";
import { liveLink } from "../support/live-link";
import { kill, startServerProcess, type ServerProcess } from "../support/server-process";
import { waitUntil } from "../support/wait-until";

const LNURL_SECRET_KEY = randomBytes(32).toString("base64url");

/** The words of a shell command line as sh reads them: plain words, single-quoted parts, backslash escapes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") word = (word ?? "") + line[++i];
    else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words;
}

type FakeNodeProcess = {
  child: ChildProcess;
  /** Everything the script has printed so far. */
  output: () => string;
  /** The variables of the line it printed to start Sluice with (`NAME=value … npm start`). */
  environment: Record<string, string>;
  /** The printed line itself. */
  line: string;
  /** Types a command. */
  send(command: string): void;
  /** Waits for a line printed after the last `send` that matches; returns its match. */
  waitFor(pattern: RegExp, what: string): Promise<RegExpExecArray>;
  /** `quit`, then the exit code. */
  quit(): Promise<number | null>;
};

/** Starts `npm run fake-node -- <kind> --port N --dir DIR` and reads the environment line it prints. */
async function startFakeNode(kind: string, port: number, dir: string): Promise<FakeNodeProcess> {
  // What `npm run fake-node` runs (tsx scripts/fake-node.ts), with tsx as a loader in this one process, so the
  // test stops the process it started (npm and tsx's CLI would each put the script in a grandchild).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-node.ts", kind, "--port", String(port), "--dir", dir], {
    cwd: process.cwd(),
    env: { ...process.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let from = 0;
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp, what: string) =>
    waitUntil(
      what,
      async () => {
        if (child.exitCode !== null) throw new Error(`The fake node exited (${child.exitCode}) before ${what}:\n${output}`);
        return new RegExp(pattern.source, pattern.flags.includes("m") ? pattern.flags : pattern.flags + "m").exec(output.slice(from));
      },
      (m): m is RegExpExecArray => m !== null,
      60,
    ) as Promise<RegExpExecArray>;
  const [, line] = await waitFor(/^ {2}(LIGHTNING_BACKEND=.*) npm start$/, "the environment line to start Sluice with");
  const words = shellWords(line);
  const environment = Object.fromEntries(words.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
  // Nothing but NAME=value words before `npm start`.
  expect(words.every((w) => /^[A-Z][A-Z0-9_]*=/.test(w))).toBe(true);
  return {
    child,
    output: () => output,
    environment,
    line,
    send(command) {
      from = output.length;
      child.stdin!.write(command + "\n");
    },
    waitFor,
    async quit() {
      if (child.exitCode === null) child.stdin!.write("quit\n");
      return exited;
    },
  };
}

/** The start-up check `npm start` runs before serving (scripts/start.ts): the node answers, on LIGHTNING_NETWORK. */
async function startUpCheck(environment: Record<string, string>) {
  const config = parseEnv(environment);
  return checkLightningNode(buildBackend(config), config.lightning.network);
}

describe.each(["phoenixd", "nwc"] as const)("npm run fake-node -- %s, with Sluice configured from the line it prints", (kind) => {
  let fake: FakeNodeProcess;
  let sluice: ServerProcess;

  beforeAll(async () => {
    fake = await startFakeNode(kind, await freePort(), mkdtempSync(path.join(tmpdir(), `sluice-fake-${kind}-`)));
    // The line carries exactly what this backend needs; the network is Sluice's default, regtest.
    expect(fake.environment).toMatchObject({ LIGHTNING_BACKEND: kind, LIGHTNING_NETWORK: "regtest" });
    expect(Object.keys(fake.environment).sort()).toEqual(
      kind === "phoenixd" ? ["LIGHTNING_BACKEND", "LIGHTNING_NETWORK", "PHOENIXD_PASSWORD", "PHOENIXD_URL"] : ["LIGHTNING_BACKEND", "LIGHTNING_NETWORK", "NWC_URL"],
    );
    expect(fake.output()).toContain("This is a TEST DOUBLE");
    // Sluice where wallets can reach it: PUBLIC_URL is the address it listens on (npm start's default is the same, http://localhost:3000).
    const port = await freePort();
    sluice = await startServerProcess({
      ...fake.environment,
      DATABASE_URL: process.env.DATABASE_URL!,
      LNURL_SECRET_KEY,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ROUTE_SERVER_PORT: String(port),
    });
  }, 120_000);

  afterAll(async () => {
    if (sluice) await kill(sluice);
    if (fake && fake.child.exitCode === null) fake.child.kill("SIGTERM");
  });

  it("passes the start-up check; a withdraw is pulled and paid; a deposit is paid and credited; no answer broke the node's definition", async () => {
    const node = await startUpCheck(fake.environment);
    expect(node).toMatchObject({ network: "regtest", backend: kind });

    const merchant = await createTestMerchant(100_000n);
    const client = api(sluice.url, merchant.key);

    // A withdraw, pulled by a customer's wallet elsewhere on the network.
    const created = await client.post("/api/v1/withdraws", { amount: "1000", currency: "SATS" });
    expect(created.status).toBe(201);
    const withdraw = withdrawObjectSchema.parse(created.body);
    fake.send(`pull ${liveLink(withdraw)}`);
    await fake.waitFor(/^Sluice answered: \{"status":"OK"\}$/, "Sluice's OK to the callback");
    const [, hash, preimage] = await fake.waitFor(
      /^Paid: this node paid the wallet's invoice ([0-9a-f]{64}): 1000 sat, routing fee [\d.]+ sat; the preimage ([0-9a-f]{64}) is the proof\.$/,
      "the fake node to pay the wallet",
    );
    const paid = await waitUntil(
      "the withdraw to be paid",
      async () => withdrawObjectSchema.parse((await client.get(`/api/v1/withdraws/${withdraw.id}`)).body),
      (w) => w.status === "paid",
      30,
    );
    // Paid to the wallet's invoice, and Sluice holds the wallet's preimage, which the node learned by paying: the
    // proof of payment (it hashes to the invoice's payment hash, which only the wallet could make it do).
    expect(paid).toMatchObject({ target_amount_paid: 1000, withdraw_methods_options: { lnurl: { payment_hash: hash, payment_preimage: preimage } } });
    expect(createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex")).toBe(hash);

    // A deposit, paid by a customer.
    const opened = await client.post("/api/v1/deposits", { amount: "2500", currency: "SATS" });
    expect(opened.status).toBe(201);
    const deposit = depositObjectSchema.parse(opened.body);
    expect(deposit.status).toBe("pending");
    fake.send(`pay ${deposit.invoice}`);
    await fake.waitFor(new RegExp(`^Paid: a customer paid this node's invoice ${deposit.payment_hash}: 2500 sat received\\.$`), "the customer's payment");
    const credited = await waitUntil(
      "the deposit to be credited",
      async () => depositObjectSchema.parse((await client.get(`/api/v1/deposits/${deposit.id}`)).body),
      (d) => d.status === "paid",
      30,
    );
    expect(credited.target_amount).toBe(2500);
    // 100 000 sat funded − 1000 paid − the fake node's routing fee (FakeNode.feeMsat, 1.5 sat) + 2500 deposited.
    const balance = await client.get("/api/v1/balance");
    expect(balance.body).toMatchObject({ available_msat: String(100_000_000n - 1_000_000n - 1_500n + 2_500_000n), reserved_msat: "0" });

    fake.send("checks");
    const [, checked] = await fake.waitFor(/^(\d+) checks of answers against .*; 0 violation\(s\)\.$/, "the count of checked answers");
    expect(Number(checked)).toBeGreaterThan(0);
    expect(fake.output()).not.toMatch(/^CONTRACT VIOLATION: /m);
    expect(await fake.quit()).toBe(0);
    expect(fake.output()).toMatch(/^Fake \w+ stopped: \d+ checks of its answers, 0 contract violation\(s\)\.$/m);
  }, 120_000);
});

describe("npm run fake-node, every kind", () => {
  it.each(["lnd", "cln", "lnbits", "phoenixd", "nwc"] as const)(
    "%s: the printed line passes Sluice's start-up check, and a restart prints the same line, which still passes",
    async (kind) => {
      const port = await freePort();
      const dir = mkdtempSync(path.join(tmpdir(), `sluice-fake-${kind}-`));
      const first = await startFakeNode(kind, port, dir);
      const info = await startUpCheck(first.environment);
      expect(info).toMatchObject({ backend: kind, network: "regtest" });
      expect(await first.quit()).toBe(0);

      // Same port and folder: the same node, credentials (and LND's pinned certificate), so the same settings work.
      const second = await startFakeNode(kind, port, dir);
      try {
        expect(second.line).toBe(first.line);
        expect(await startUpCheck(second.environment)).toMatchObject({ backend: kind, network: "regtest", pubkey: info.pubkey });
      } finally {
        expect(await second.quit()).toBe(0);
      }
    },
    120_000,
  );
});
