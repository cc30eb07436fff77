// The fault suite (`npm run test:faults`): Sluice as production runs it (`next start`, two processes, one real
// PostgreSQL server of the suite's own), broken on purpose. After every scenario the invariants in
// ./invariants.ts are checked against the database.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { setDatabaseUrl } from "@/lib/database/connection";
import { db, disconnectDb } from "@/lib/db";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import type { BackendKind } from "@/lib/lightning/types";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { withdrawObjectSchema, type WithdrawObject } from "@/lib/withdraws/serialize-withdraw";
import { FakeNode } from "../support/fake-lightning";
import { startFakeCln } from "../support/fake-cln";
import { startFakeLnbits } from "../support/fake-lnbits";
import { startFakeLnd } from "../support/fake-lnd";
import { startFakeWallet } from "../support/fake-nwc";
import { startFakePhoenixd } from "../support/fake-phoenixd";
import { createTestMerchant, type TestMerchant } from "../support/merchants";
import { TestWallet, type LnurlReply, type WithdrawRequest } from "../support/test-wallet";
import { clusterMemory, createCluster, createDatabase, destroyCluster, killCluster, startCluster, stopCluster } from "./cluster";
import { findViolations } from "./invariants";
import { crash, PUBLIC_URL, startSluice, stop, type SluiceProcess } from "./sluice-process";
import { liveLink } from "../support/live-link";
import { waitUntil } from "../support/wait-until";

const cluster = await createCluster();
process.env.LNURL_SECRET_KEY = randomBytes(32).toString("base64url");
process.env.PUBLIC_URL = PUBLIC_URL;
process.env.LIGHTNING_NETWORK = "regtest";
process.env.DATABASE_URL = cluster.url;
process.env.SLUICE_DATABASE_KIND = "postgresql";
setDatabaseUrl(cluster.url);

const running: SluiceProcess[] = [];
let a: SluiceProcess;
let b: SluiceProcess;

async function start(name: string, nodeArgs: string[] = []): Promise<SluiceProcess> {
  const server = await startSluice(name, cluster.url, {}, nodeArgs);
  running.push(server);
  return server;
}

// --trace-gc: each full collection prints the live heap left after it, which the mixed-load scenario reads.
// A 96 MB old space makes V8 collect fully and often (instead of growing its heap, which is what RSS shows),
// so a leak shows in the live heap within a minute, and would end in the process dying.
const TRACE_GC = ["--trace-gc", "--max-old-space-size=96"];

beforeAll(async () => {
  [a, b] = await Promise.all([start("a", TRACE_GC), start("b", TRACE_GC)]);
});

// A failed scenario shows what the processes said (their logs are otherwise not printed).
afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  for (const server of running) console.log(`----- output of Sluice ${server.name} (last 4000 characters)\n${server.output().slice(-4000)}`);
});

afterAll(async () => {
  await Promise.all(running.map((s) => stop(s)));
  await disconnectDb();
  await destroyCluster(cluster);
});

/** The live heap (MB) left after each full collection (Mark-Compact), from a process's --trace-gc output. */
function liveHeapAfterFullGc(output: string): number[] {
  return [...output.matchAll(/Mark-Compact(?: \(reduce\))?\s+[\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/g)].map((m) => Number(m[1]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}

// The database the test reads and checks: the cluster's main one, or the database of a backend's scenarios.
let currentUrl = cluster.url;

async function useDatabase(url: string) {
  await disconnectDb();
  currentUrl = url;
  setDatabaseUrl(url);
}

async function expectInvariants() {
  expect(await findViolations(currentUrl)).toEqual([]);
}

type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string } }; headers: Headers };

async function call(base: string, method: string, route: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Answer["body"];
  try {
    parsed = JSON.parse(text) as Answer["body"];
  } catch {
    parsed = { raw: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function createWithdraw(server: SluiceProcess, merchant: TestMerchant, sats: number): Promise<WithdrawObject> {
  const res = await call(server.url, "POST", "/api/v1/withdraws", merchant.key, { amount: String(sats), currency: "SATS" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return withdrawObjectSchema.parse(res.body);
}

const lnurlOf = (w: WithdrawObject) => liveLink(w);
const statusOf = async (id: string) => (await db().withdraw.findUniqueOrThrow({ where: { id } })).status;
/** A load balancer in front of the given processes: each request goes to the next one in turn. */
const roundRobin = (servers: SluiceProcess[]) => {
  let turn = 0;
  return (url: string) => url.replace(PUBLIC_URL, servers[turn++ % servers.length].url);
};
const to = (server: SluiceProcess) => (url: string) => url.replace(PUBLIC_URL, server.url);

/** A real backend's fake node, running: Sluice's variables for it, and how to take it down and bring it back. */
type RunningFake = {
  /** The backend's variables (README, "Connecting a Lightning node"). */
  env: Record<string, string>;
  close(): Promise<void>;
  /** After close(): the same node back on the same address with the same credentials, so that `env` still holds. */
  comeBack(): Promise<RunningFake>;
};

function runningFake<F extends { close(): Promise<void> }>(fake: F, envOf: (f: F) => Record<string, string>, again: (f: F) => Promise<F>): RunningFake {
  return { env: envOf(fake), close: () => fake.close(), comeBack: async () => runningFake(await again(fake), envOf, again) };
}

const portOf = (url: string) => Number(new URL(url).port);

const NWC_ENCRYPTION = "nip44_v2 nip04";

/** Every real adapter, each against its fake on a FakeNode that the scenarios script (hang, settle, succeed). */
const BACKENDS: { label: string; name: Exclude<BackendKind, "simulator">; start(node: FakeNode): Promise<RunningFake> }[] = [
  {
    label: "LND",
    name: "lnd",
    async start(node) {
      const fake = await startFakeLnd(node);
      const certPath = path.join(mkdtempSync(path.join(tmpdir(), "sluice-faults-lnd-")), "tls.cert");
      writeFileSync(certPath, fake.tls.cert);
      return runningFake(
        fake,
        (f) => ({ LIGHTNING_BACKEND: "lnd", LND_REST_URL: f.url, LND_MACAROON_HEX: f.macaroonHex, LND_TLS_CERT_PATH: certPath }),
        (f) => startFakeLnd(node, f.tls, { port: portOf(f.url), macaroonHex: f.macaroonHex }),
      );
    },
  },
  {
    // One release is enough here: from v26.06 xpay serves payments (the adapter's other path, `pay` before
    // v26.06, is the backend contract suite's).
    label: "Core Lightning (v26.06, xpay)",
    name: "cln",
    start: async (node) =>
      runningFake(
        await startFakeCln(node, { version: "v26.06" }),
        (f) => ({ LIGHTNING_BACKEND: "cln", CLN_REST_URL: f.url, CLN_RUNE: f.rune }),
        (f) => startFakeCln(node, { version: f.settings.version, port: portOf(f.url) }),
      ),
  },
  {
    label: "LNbits",
    name: "lnbits",
    start: async (node) =>
      runningFake(
        await startFakeLnbits(node),
        (f) => ({ LIGHTNING_BACKEND: "lnbits", LNBITS_URL: f.url, LNBITS_ADMIN_KEY: f.adminKey, LNBITS_INVOICE_KEY: f.invoiceKey }),
        (f) => startFakeLnbits(node, { port: portOf(f.url) }),
      ),
  },
  {
    label: "phoenixd",
    name: "phoenixd",
    start: async (node) =>
      runningFake(
        await startFakePhoenixd(node),
        (f) => ({ LIGHTNING_BACKEND: "phoenixd", PHOENIXD_URL: f.url, PHOENIXD_PASSWORD: f.password }),
        (f) => startFakePhoenixd(node, { port: portOf(f.url) }),
      ),
  },
  {
    // "The node" is the relay and the wallet service behind it: both go down, and both come back (the relay on
    // its port, the wallet service with the same keys, publishing its info event again), so NWC_URL still holds.
    label: "NWC",
    name: "nwc",
    start: async (node) =>
      runningFake(
        await startFakeWallet(node, NWC_ENCRYPTION),
        (f) => ({ LIGHTNING_BACKEND: "nwc", NWC_URL: f.nwcUrl }),
        (f) => startFakeWallet(node, NWC_ENCRYPTION, { port: portOf(f.relay.url), keys: f.keys }),
      ),
  },
];

describe("fault suite: two Sluice processes on one PostgreSQL server", () => {
  it("kill -9 of a process with payments in flight: after a restart every payment resolves once and the ledger balances", async () => {
    const merchant = await createTestMerchant(200_000n);
    const withdraws = await Promise.all(Array.from({ length: 16 }, (_, i) => createWithdraw([a, b][i % 2], merchant, 1_000 + i)));
    const wallet = new TestWallet("regtest", to(a));
    const pulls: { w: WithdrawObject; request: WithdrawRequest; invoice: string }[] = [];
    for (const w of withdraws) {
      const request = (await wallet.firstStep(lnurlOf(w))) as WithdrawRequest;
      pulls.push({ w, request, invoice: wallet.invoice(BigInt(request.maxWithdrawable)) });
    }

    await setSimulatorMode({ mode: "slow", delayMs: 8_000 });
    try {
      const replies = await Promise.all(pulls.map((p) => wallet.callback(p.request, p.invoice)));
      expect(replies.map((r) => r.reply)).toEqual(pulls.map(() => ({ status: "OK" })));
      // Every payment has reached the node and is in flight in process a: kill it.
      const inFlight = await waitFor(() => db().simPayment.count({ where: { walletId: "node", status: "in_flight" } }), (n) => n === 16, 10);
      expect(inFlight).toBe(16);
      await crash(a);
      running.splice(running.indexOf(a), 1);

      // Meanwhile wallets retry through the surviving process: the same invoice is OK again (nothing paid twice),
      // another invoice for a withdraw being paid is refused with a reason.
      const other = new TestWallet("regtest", to(b));
      expect((await other.callback(pulls[0].request, pulls[0].invoice)).reply).toEqual({ status: "OK" });
      const second = await other.callback(pulls[1].request, other.invoice(BigInt(pulls[1].request.maxWithdrawable)));
      expect(second.reply).toMatchObject({ status: "ERROR", reason: expect.stringMatching(/being paid|already/i) });
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }

    a = await start("a (restarted)", TRACE_GC);
    const statuses = await waitFor(
      () => Promise.all(withdraws.map((w) => statusOf(w.id))),
      (s) => s.every((x) => x === "paid"),
      45,
    );
    expect(statuses).toEqual(withdraws.map(() => "paid"));
    expect(await db().withdrawPayment.count({ where: { withdrawId: { in: withdraws.map((w) => w.id) } } })).toBe(16);
    expect(await db().withdrawPayment.count({ where: { withdrawId: { in: withdraws.map((w) => w.id) }, status: "succeeded" } })).toBe(16);
    await expectInvariants();
  });

  it("200 concurrent callbacks for one withdraw across both processes: exactly one payment", async () => {
    const merchant = await createTestMerchant(50_000n);
    const w = await createWithdraw(a, merchant, 21_000);
    const wallet = new TestWallet("regtest", roundRobin([a, b]));
    const request = (await wallet.firstStep(lnurlOf(w))) as WithdrawRequest;
    const invoices = Array.from({ length: 200 }, () => wallet.invoice(21_000_000n));

    const replies = await Promise.all(invoices.map((pr) => wallet.callback(request, pr)));
    const ok = replies.filter((r) => r.reply.status === "OK");
    expect(ok).toHaveLength(1);
    for (const r of replies.filter((x) => x.reply.status === "ERROR")) {
      expect(r.reply).toMatchObject({ reason: expect.stringMatching(/being paid|already been paid|no longer/i) });
    }

    expect(await waitFor(() => statusOf(w.id), (s) => s === "paid", 20)).toBe("paid");
    expect(await db().withdrawPayment.count({ where: { withdrawId: w.id } })).toBe(1);
    const payment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: w.id } });
    expect(await db().simPayment.count({ where: { walletId: "node", paymentHash: { in: invoices.map(() => payment.paymentHash) } } })).toBe(1);
    await expectInvariants();
  });

  it("PostgreSQL stops, restarts, then crashes (kill -9) and restarts in the middle of traffic: clear errors meanwhile, recovery without manual steps, nothing half-written", async () => {
    const merchant = await createTestMerchant(1_000_000n);
    const targets = await Promise.all(Array.from({ length: 6 }, (_, i) => createWithdraw([a, b][i % 2], merchant, 500)));
    const created: string[] = [];
    type Outcome = { at: number; op: string; kind: "ok" | "clear" | "cut" | "bad"; detail: string };
    const outcomes: Outcome[] = [];
    let stopTraffic = false;
    let n = 0;

    const classify = (op: string, res: Answer, okStatus: number): "ok" | "clear" | "bad" => {
      if (op === "first step") {
        if (res.status !== 200) return "bad";
        if (res.body.tag === "withdrawRequest") return "ok";
        return res.body.status === "ERROR" && /database/.test(String(res.body.reason)) ? "clear" : "bad";
      }
      if (res.status === okStatus) return "ok";
      const clear = res.status === 503 && res.body.error?.code === "database_unavailable" && res.headers.get("retry-after") === "5";
      return clear ? "clear" : "bad";
    };

    const worker = async (id: number) => {
      while (!stopTraffic) {
        const server = [a, b][n++ % 2];
        const op = ["create", "first step", "list", "balance", "export"][(n + id) % 5];
        try {
          let res: Answer;
          if (op === "create") {
            res = await call(server.url, "POST", "/api/v1/withdraws", merchant.key, { amount: "100", currency: "SATS" }, { "Idempotency-Key": randomUUID() });
            if (res.status === 201) created.push(String(res.body.id));
          } else if (op === "first step") {
            const lnurl = lnurlOf(targets[n % targets.length]);
            const r = await fetch(to(server)(decodeLnurl(lnurl)));
            res = { status: r.status, body: (await r.json()) as Answer["body"], headers: r.headers };
          } else if (op === "export") {
            const r = await fetch(`${server.url}/api/v1/exports/withdraws?format=csv`, { headers: { Authorization: `Bearer ${merchant.key}` } });
            let text: string;
            try {
              text = await r.text();
            } catch (error) {
              // A download cut mid-stream by the database going away (a known limit: it arrives truncated).
              outcomes.push({ at: Date.now(), op, kind: "cut", detail: (error as Error).message });
              continue;
            }
            res = { status: r.status, body: r.status === 200 ? { rows: text.split("\n").length } : (JSON.parse(text) as Answer["body"]), headers: r.headers };
          } else if (op === "list") {
            res = await call(server.url, "GET", "/api/v1/withdraws?limit=5", merchant.key);
          } else {
            res = await call(server.url, "GET", "/api/v1/balance", merchant.key);
          }
          const kind = classify(op, res, op === "create" ? 201 : 200);
          outcomes.push({ at: Date.now(), op, kind, detail: `${res.status} ${JSON.stringify(res.body).slice(0, 160)}` });
        } catch (error) {
          outcomes.push({ at: Date.now(), op, kind: "bad", detail: `no answer: ${(error as Error).message}` });
        }
      }
    };

    const traffic = Promise.all(Array.from({ length: 6 }, (_, i) => worker(i)));
    await sleep(3_000);
    // Two outages: a clean fast shutdown, then a crash of the postmaster (its backends die with it and the next
    // start recovers from the write-ahead log).
    const outages: { from: number; to: number }[] = [];
    for (const end of [stopCluster, killCluster]) {
      const from = Date.now();
      await end(cluster);
      await sleep(4_000);
      await startCluster(cluster);
      outages.push({ from, to: Date.now() });
      await sleep(6_000);
    }
    await sleep(6_000);
    stopTraffic = true;
    await traffic;
    await disconnectDb(); // this test process's own connections died with the server too

    const bad = outcomes.filter((o) => o.kind === "bad");
    expect(bad, JSON.stringify(bad.slice(0, 5))).toEqual([]);
    const inOutage = (o: Outcome, slack = 0) => outages.some((x) => o.at >= x.from && o.at <= x.to + slack);
    const cutOutside = outcomes.filter((o) => o.kind === "cut" && !inOutage(o, 1_000));
    expect(cutOutside).toEqual([]);
    for (const outage of outages) {
      const during = outcomes.filter((o) => o.at >= outage.from && o.at <= outage.to);
      expect(during.filter((o) => o.kind === "clear").length).toBeGreaterThan(0);
    }
    // Recovered by themselves: everything in the last 4 seconds succeeded, on both processes.
    const tail = outcomes.filter((o) => o.at > Date.now() - 4_000);
    expect(tail.length).toBeGreaterThan(20);
    expect(tail.filter((o) => o.kind !== "ok")).toEqual([]);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
    console.log(
      `[faults] PostgreSQL stop/restart and kill -9/restart: ${outcomes.length} requests, ${outcomes.filter((o) => o.kind === "clear").length} clear errors, ` +
        `${outcomes.filter((o) => o.kind === "ok").length} ok, ${created.length} withdraws created`,
    );

    // Every create that answered 201 exists; whatever was cut mid-way left nothing behind (the invariants).
    expect(await db().withdraw.count({ where: { id: { in: created } } })).toBe(created.length);
    await expectInvariants();
  });
  // Each real adapter in a database of its own: every process reconciles every payment in its database with its
  // own backend, so processes on different backends never share one (the simulator has never heard of LND's
  // payments, nor one fake node of another's).
  describe.each(BACKENDS.map((backend) => [backend.label, backend] as const))("on the %s adapter, against a fake node that hangs, goes down and comes back", (_label, backend) => {
    const node = new FakeNode("regtest");
    let fake: RunningFake;
    let env: Record<string, string>;
    let c: SluiceProcess;
    let d: SluiceProcess;
    let merchant: TestMerchant;
    const held = async () => (await db().balance.findUniqueOrThrow({ where: { merchantId: merchant.merchantId } })).reservedMsat;

    beforeAll(async () => {
      const url = await createDatabase(cluster, `sluice_${backend.name}`);
      await useDatabase(url);
      fake = await backend.start(node);
      env = fake.env;
      // PAYMENT_TIMEOUT_SECONDS=3: a pay call the node never answers counts as in flight after 3 s (plus the
      // adapter's grace), and a payment the node has never heard of as never sent after 63 s instead of 120 s.
      const sluiceEnv = { ...env, PAYMENT_TIMEOUT_SECONDS: "3" };
      [c, d] = await Promise.all([startSluice(`c (${backend.name})`, url, sluiceEnv), startSluice(`d (${backend.name})`, url, sluiceEnv)]);
      running.push(c, d);
      merchant = await createTestMerchant(100_000n);
    });

    afterAll(async () => {
      const ours = [c, d].filter((s) => s !== undefined); // none when the block's start failed
      await Promise.all(ours.map((s) => stop(s)));
      for (const s of ours) running.splice(running.indexOf(s), 1);
      await fake?.close();
      await useDatabase(cluster.url);
    });

    it("a node that takes a payment and never answers: processing, not cancellable, resolved when the node finishes it", async () => {
      node.defaultBehaviour = "hang";
      const hung = await createWithdraw(c, merchant, 2_000);
      const wallet = new TestWallet("regtest", roundRobin([c, d]));
      const request = (await wallet.firstStep(lnurlOf(hung))) as WithdrawRequest;
      const invoice = wallet.invoice(2_000_000n);
      expect((await wallet.callback(request, invoice)).reply).toEqual({ status: "OK" });
      const hash = decodeInvoice(invoice).paymentHash;
      expect(await waitFor(async () => node.payCalls.includes(hash), Boolean, 10)).toBe(true);
      // The reconcilers ask the node about the payment (the node's lookups of its hash) and hear "in flight":
      // after two such answers it is still processing. Counted from the pay call on, so every lookup counted
      // found the payment under way (the phoenixd and NWC adapters also look the hash up once before paying,
      // as neither node refuses a second payment of an invoice: that lookup is no reconciliation).
      const from = node.lookups.length;
      const lookups = async () => node.lookups.slice(from).filter((h) => h === hash).length;
      await waitUntil("two reconciliation lookups of the payment at the node", lookups, (n) => n >= 2, 30);
      expect(await statusOf(hung.id)).toBe("processing");
      expect(await held()).toBe(2_000_000n + 100_000n);
      const retry = await wallet.callback(request, wallet.invoice(2_000_000n));
      expect(retry.reply).toMatchObject({ status: "ERROR", reason: expect.stringMatching(/being paid/) });
      const cancel = await call(d.url, "POST", `/api/v1/withdraws/${hung.id}/cancel`, merchant.key);
      expect(cancel.status).toBe(409);
      expect(cancel.body.error).toMatchObject({ code: "withdraw_not_cancellable", message: expect.stringMatching(/processing|being paid/i) });
      expect((await call(c.url, "GET", `/api/v1/withdraws/${hung.id}`, merchant.key)).body.status).toBe("processing");
      // The node finishes the payment: the reconciler records it, once.
      node.settle(hash);
      expect(await waitFor(() => statusOf(hung.id), (s) => s === "paid", 30)).toBe("paid");
      expect(node.payCalls.filter((h) => h === hash)).toHaveLength(1);
      await expectInvariants();
    });

    it("a node that is down: the first claim stays processing (never released on a guess), later wallets are told at once", async () => {
      node.defaultBehaviour = "succeed";
      await fake.close();
      const lost = await createWithdraw(c, merchant, 3_000); // creating needs no node
      const refused = await createWithdraw(c, merchant, 4_000);
      const onlyC = new TestWallet("regtest", to(c));
      const lostRequest = (await onlyC.firstStep(lnurlOf(lost))) as WithdrawRequest;
      const lostInvoice = onlyC.invoice(3_000_000n);
      // c does not know yet: it claims, answers OK, and its pay call is refused before reaching the node.
      expect((await onlyC.callback(lostRequest, lostInvoice)).reply).toEqual({ status: "OK" });
      await waitFor(async () => c.output(), (out) => /outcome unknown/.test(out), 10);
      // Now it knows: the next wallet is told at once and nothing is claimed.
      const refusedRequest = (await onlyC.firstStep(lnurlOf(refused))) as WithdrawRequest;
      const refusedInvoice = onlyC.invoice(4_000_000n);
      const down = await onlyC.callback(refusedRequest, refusedInvoice);
      expect(down.reply).toMatchObject({ status: "ERROR", reason: expect.stringMatching(/cannot reach its Lightning node/) });
      expect(await statusOf(refused.id)).toBe("unpaid");
      // The lost payment's fate is unknown while the node cannot be asked: never released on a guess. Waited
      // for: two reconciliation rounds that tried to ask the node about it and could not (each logs the error).
      const lostPaymentId = (await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: lost.id }, select: { id: true } })).id;
      const askedInVain = async () => [c, d].map((s) => s.output().split(`[reconcile] payment ${lostPaymentId}: `).length - 1).reduce((x, y) => x + y, 0);
      await waitUntil("two failed reconciliation lookups of the lost payment", askedInVain, (n) => n >= 2, 30);
      expect(await statusOf(lost.id)).toBe("processing");
      expect(await held()).toBe(3_100_000n + 4_100_000n);

      // The node comes back on the same address with the same credentials: Sluice's configuration still names it.
      fake = await fake.comeBack();
      expect(fake.env).toEqual(env);
      // c asks the node again once its knowledge that the node is down is a few seconds old: a wallet retrying
      // is refused until then (nothing claimed), and let through after.
      const retry = async () => (await onlyC.callback(refusedRequest, refusedInvoice)).reply;
      const nodeDown = (reply: LnurlReply) => reply.status === "ERROR" && /cannot reach its Lightning node/.test(reply.reason);
      expect(await waitUntil("c to answer a retried callback other than node-down", retry, (r) => !nodeDown(r), 20, 250)).toEqual({ status: "OK" });
      expect(await waitFor(() => statusOf(refused.id), (s) => s === "paid", 20)).toBe("paid");
      expect(node.payCalls.filter((h) => h === decodeInvoice(refusedInvoice).paymentHash)).toHaveLength(1);
      // The node has never heard of the lost payment; once any sender would have given up (timeout + 60 s),
      // it is recorded as never sent and the withdraw can be pulled again.
      expect(node.payCalls).not.toContain(decodeInvoice(lostInvoice).paymentHash);
      expect(await waitFor(() => statusOf(lost.id), (s) => s === "unpaid", 90)).toBe("unpaid");
      const lostPayment = await db().withdrawPayment.findFirstOrThrow({ where: { withdrawId: lost.id } });
      expect(lostPayment).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/never sent/) });
      await expectInvariants();
    });
  });

  it("60 s of mixed load (creates, first steps, callbacks, list pages, exports): no 5xx, memory stable", async () => {
    const merchant = await createTestMerchant(50_000_000n);
    const wallet = new TestWallet("regtest", roundRobin([a, b]));
    const counts = new Map<string, number>();
    const failures: string[] = [];
    const unpaid: WithdrawObject[] = [];
    const memory: { at: number; a: number; b: number; db: ReturnType<typeof clusterMemory> }[] = [];
    const idleDb = clusterMemory(cluster);
    const started = Date.now();
    const until = started + 60_000;
    let n = 0;
    const count = (op: string) => counts.set(op, (counts.get(op) ?? 0) + 1);
    const expectOk = (op: string, res: { status: number }, wanted: number, detail: () => string) => {
      if (res.status !== wanted) failures.push(`${op}: HTTP ${res.status} ${detail()}`);
      count(op);
    };

    const worker = async () => {
      while (Date.now() < until) {
        const server = [a, b][n++ % 2];
        const op = ["create", "first step", "pull", "list", "create", "first step", "pull", "export"][n % 8];
        try {
          if (op === "create") {
            const res = await call(server.url, "POST", "/api/v1/withdraws", merchant.key, { amount: "1000", currency: "SATS" });
            expectOk(op, res, 201, () => JSON.stringify(res.body));
            if (res.status === 201) unpaid.push(withdrawObjectSchema.parse(res.body));
          } else if (op === "first step") {
            const target = unpaid[unpaid.length - 1];
            if (!target) continue;
            const r = await fetch(to(server)(decodeLnurl(lnurlOf(target))));
            const body = (await r.json()) as Record<string, unknown>;
            expectOk(op, { status: r.status === 200 && body.tag === "withdrawRequest" ? 200 : r.status }, 200, () => JSON.stringify(body));
          } else if (op === "pull") {
            const target = unpaid.shift();
            if (!target) continue;
            const { reply } = await wallet.withdraw(lnurlOf(target));
            expectOk(op, { status: reply.status === "OK" ? 200 : 0 }, 200, () => JSON.stringify(reply));
          } else if (op === "list") {
            const first = await call(server.url, "GET", "/api/v1/withdraws?limit=20", merchant.key);
            const data = (first.body.data ?? []) as { id: string }[];
            expectOk(op, first, 200, () => JSON.stringify(first.body));
            if (data.length > 0) {
              const next = await call(server.url, "GET", `/api/v1/withdraws?limit=20&starting_after=${data[data.length - 1].id}`, merchant.key);
              expectOk(op, next, 200, () => JSON.stringify(next.body));
            }
          } else {
            const r = await fetch(`${server.url}/api/v1/exports/withdraws?format=csv`, { headers: { Authorization: `Bearer ${merchant.key}` } });
            const text = await r.text();
            expectOk(op, r, 200, () => text.slice(0, 200));
          }
        } catch (error) {
          failures.push(`${op}: no answer: ${(error as Error).message}`);
        }
      }
    };
    const gcFrom = { a: a.output().length, b: b.output().length };
    const sampler = setInterval(() => memory.push({ at: Date.now() - started, a: a.rssBytes(), b: b.rssBytes(), db: clusterMemory(cluster) }), 2_000);
    try {
      await Promise.all(Array.from({ length: 8 }, () => worker()));
    } finally {
      clearInterval(sampler);
    }

    expect(failures.slice(0, 10)).toEqual([]);
    const mb = (x: number) => Math.round(x / 1048576);
    const total = [...counts.values()].reduce((x, y) => x + y, 0);
    console.log(
      `[faults] mixed load: ${total} requests in 60 s (${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}); ` +
        `RSS a ${mb(memory[0].a)} → ${mb(memory[memory.length - 1].a)} MB, b ${mb(memory[0].b)} → ${mb(memory[memory.length - 1].b)} MB`,
    );
    console.log(`[faults] RSS samples (s: a/b MB): ${memory.map((m) => `${Math.round(m.at / 1000)}: ${mb(m.a)}/${mb(m.b)}`).join(", ")}`);
    // The embedded PostgreSQL server: RSS summed over the postmaster and its backends counts shared buffers
    // once per process that touched them; PSS shares them out, so it is the server's real footprint.
    const peakDb = memory.reduce((p, m) => (m.db.pssBytes > p.pssBytes ? m.db : p), idleDb);
    console.log(
      `[faults] database server memory: idle ${idleDb.processes} processes, PSS ${mb(idleDb.pssBytes)} MB (RSS sum ${mb(idleDb.rssBytes)} MB); ` +
        `under the load peak ${peakDb.processes} processes, PSS ${mb(peakDb.pssBytes)} MB (RSS sum ${mb(peakDb.rssBytes)} MB); ` +
        `samples PSS MB: ${memory.map((m) => mb(m.db.pssBytes)).join("/")}`,
    );
    const liveHeap = { a: liveHeapAfterFullGc(a.output().slice(gcFrom.a)), b: liveHeapAfterFullGc(b.output().slice(gcFrom.b)) };
    const heapSummary = (xs: number[]) => `${xs.length} full GCs, first ${xs.slice(0, 3).join("/")}, last ${xs.slice(-3).join("/")}, max ${Math.max(...xs)}`;
    console.log(`[faults] live heap after full GCs during the load (MB): a ${heapSummary(liveHeap.a)}; b ${heapSummary(liveHeap.b)}`);
    expect(counts.get("pull") ?? 0).toBeGreaterThan(20);
    expect(counts.get("export") ?? 0).toBeGreaterThan(5);
    // Stable memory: each process collected fully at least 5 times during the load, and the live heap after
    // its last 3 full collections is within 16 MB of the live heap after its first 3.
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    for (const who of ["a", "b"] as const) {
      expect(liveHeap[who].length).toBeGreaterThanOrEqual(5);
      expect(mean(liveHeap[who].slice(-3))).toBeLessThan(mean(liveHeap[who].slice(0, 3)) + 16);
    }

    // Every pulled withdraw ends paid (none left processing), and the books balance.
    await waitFor(() => db().withdraw.count({ where: { merchantId: merchant.merchantId, status: "processing" } }), (x) => x === 0, 30);
    expect(await db().withdraw.count({ where: { merchantId: merchant.merchantId, status: "processing" } })).toBe(0);
    expect(await db().withdraw.count({ where: { merchantId: merchant.merchantId, status: "paid" } })).toBe(counts.get("pull"));
    await expectInvariants();
  });
});
