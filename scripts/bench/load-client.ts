// The load generator for the one-use cases of `npm run bench`, in its own process (autocannon repeats one
// request; these need a fresh URL or a chain of requests each time). Keep-alive connections, like autocannon.
//   urls <file> <connections> <seconds>     GET each URL of the file once (stops early at <seconds>)
//   e2e <base> <apiKey> <connections> <seconds>   create → first step → callback → poll until paid
import { Agent, request } from "node:http";
import { readFileSync } from "node:fs";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { signBenchInvoice } from "./invoices";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: init.method ?? "GET", headers: init.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

type Tally = { latencies: number[]; failures: number; firstFailure?: string };

async function timed(tally: Tally, work: () => Promise<boolean | string>): Promise<void> {
  const start = performance.now();
  let outcome: boolean | string;
  try {
    outcome = await work();
  } catch (error) {
    outcome = (error as Error).message;
  }
  if (outcome === true) tally.latencies.push(performance.now() - start);
  else {
    tally.failures++;
    tally.firstFailure ??= String(outcome);
  }
}

const okReply = (r: { status: number; body: string }) => r.status === 200 && r.body.includes('"status":"OK"') ? true : `HTTP ${r.status} ${r.body.slice(0, 200)}`;

async function runUrls(file: string, connections: number, seconds: number, tally: Tally) {
  const urls = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < urls.length && performance.now() < deadline) {
      const url = urls[next++];
      await timed(tally, async () => okReply(await call(url)));
    }
  }));
}

async function payOne(base: string, apiKey: string): Promise<boolean | string> {
  const auth = { Authorization: `Bearer ${apiKey}` };
  const created = await call(`${base}/api/v1/withdraws`, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: '{"amount":"1","currency":"SATS"}' });
  if (created.status !== 201) return `create: HTTP ${created.status} ${created.body.slice(0, 200)}`;
  const withdraw = JSON.parse(created.body) as { id: string; withdraw_methods_options: { lnurl: { withdraw_request: string } } };
  const first = JSON.parse((await call(decodeLnurl(withdraw.withdraw_methods_options.lnurl.withdraw_request))).body) as { callback: string; k1: string; maxWithdrawable: number };
  const callback = new URL(first.callback);
  callback.searchParams.set("k1", first.k1);
  callback.searchParams.set("pr", signBenchInvoice(BigInt(first.maxWithdrawable)));
  const reply = okReply(await call(callback.toString()));
  if (reply !== true) return `callback: ${reply}`;
  for (let i = 0; i < 600; i++) {
    const state = JSON.parse((await call(`${base}/api/v1/withdraws/${withdraw.id}`, { headers: auth })).body) as { status: string };
    if (state.status === "paid") return true;
    if (state.status !== "processing" && state.status !== "unpaid") return `ended ${state.status}`;
    await new Promise((r) => setTimeout(r, 20));
  }
  return "not paid within the polling window";
}

async function runE2e(base: string, apiKey: string, connections: number, seconds: number, tally: Tally) {
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) await timed(tally, () => payOne(base, apiKey));
  }));
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  const tally: Tally = { latencies: [], failures: 0 };
  const start = performance.now();
  if (mode === "urls") await runUrls(args[0], Number(args[1]), Number(args[2]), tally);
  else if (mode === "e2e") await runE2e(args[0], args[1], Number(args[2]), Number(args[3]), tally);
  else throw new Error(`Unknown mode ${mode}`);
  const elapsed = (performance.now() - start) / 1000;
  const sorted = tally.latencies.sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  console.log(JSON.stringify({ completed: sorted.length, failures: tally.failures, firstFailure: tally.firstFailure, seconds: elapsed, rps: sorted.length / elapsed, p50: at(0.5), p99: at(0.99) }));
  agent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
