// lnurl-node (npm `lnurl`), the reference LNURL server, for `npm run bench`: its own server with its memory
// store and dummy Lightning backend. Pre-generates withdrawRequests (one use each) and prints them as one
// JSON line before "ready", so the bench times only the requests.
import { createRequire } from "node:module";
import path from "node:path";
import { msatToJsonNumber, parseMsat } from "@/lib/money";

type LnurlServer = {
  onReady(): Promise<void>;
  generateNewUrl(tag: string, params: Record<string, unknown>, options: { uses: number }): Promise<{ secret: string }>;
};
// lnurl ships no types; this is the part of its documented API used here.
const lnurl = createRequire(path.join(process.cwd(), "package.json"))("lnurl") as { createServer(options: Record<string, unknown>): LnurlServer };

const port = Number(process.env.PORT);
const count = Number(process.env.BENCH_WITHDRAWS || "1");
const amountMsat = msatToJsonNumber(parseMsat(process.env.BENCH_AMOUNT_MSAT || "1000"));

const server = lnurl.createServer({
  host: "127.0.0.1",
  port,
  url: `http://127.0.0.1:${port}`,
  lightning: { backend: "dummy", config: {} },
  store: { backend: "memory", config: {} },
});

server.onReady().then(async () => {
  const secrets: string[] = [];
  const params = { minWithdrawable: amountMsat, maxWithdrawable: amountMsat, defaultDescription: "bench" };
  for (let i = 0; i < count; i++) secrets.push((await server.generateNewUrl("withdrawRequest", params, { uses: 1 })).secret);
  console.log(JSON.stringify({ secrets }));
  console.log("ready");
});
