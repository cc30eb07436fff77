// `npm run fake-node -- <lnd|cln|lnbits|phoenixd|nwc> [--port N] [--dir DIR]`: one of the test suite's fake
// Lightning nodes (tests/support/fake-*.ts), run by hand, so that a person can try Sluice with
// LIGHTNING_BACKEND=<kind> on a machine that has no such node. It is a test double: no real node, no real money,
// nothing leaves this machine. Every answer it sends is checked against that node's vendored API definition
// (tests/fixtures/node-apis/), and an answer that breaks it is printed as "CONTRACT VIOLATION: …".
//
// It prints the environment to start Sluice with, then reads commands on stdin and plays the rest of the
// Lightning network for its node: `pull <lnurl>` is a customer's wallet pulling a withdraw (the fake node pays
// it when Sluice asks it to), `pay <bolt11>` a customer paying one of the node's invoices (a deposit).
//
// The port is fixed (each node's usual one unless --port) and the node's keys, credentials and certificate are
// kept in --dir (default .data/fake-nodes/<kind>), so the printed settings stay valid across restarts. Its
// invoices and payments live in memory only: a restarted fake has forgotten them.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { decodeInvoice } from "@/lib/bolt11";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { formatMsatAsSats as sats, satsToMsat } from "@/lib/money";
import { FakeNode, type FakeServer } from "../tests/support/fake-lightning";
import { startFakeCln } from "../tests/support/fake-cln";
import { startFakeLnbits } from "../tests/support/fake-lnbits";
import { startFakeLnd, selfSignedCert } from "../tests/support/fake-lnd";
import { startFakeWallet } from "../tests/support/fake-nwc";
import { startFakePhoenixd } from "../tests/support/fake-phoenixd";
import { TestWallet } from "../tests/support/test-wallet";

type Kind = "lnd" | "cln" | "lnbits" | "phoenixd" | "nwc";

/** A fake node running: its server, the environment Sluice needs to reach it, and how a customer pays it. */
type Running = { server: FakeServer; listening: string; env: [string, string][]; receive(hash: string): void };

/** Reads a value kept in the state folder, or makes it and keeps it there (owner-only: some are credentials). */
function kept(dir: string, name: string, make: () => string): string {
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = make();
  writeFileSync(file, value + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

const hexKey = (dir: string, name: string) => Uint8Array.from(Buffer.from(kept(dir, name, () => Buffer.from(secp256k1.utils.randomSecretKey()).toString("hex")), "hex"));

const KINDS: Record<Kind, { label: string; defaultPort: number; definition: string; start(node: FakeNode, port: number, dir: string): Promise<Running> }> = {
  lnd: {
    label: "LND (REST)",
    defaultPort: 8080,
    definition: "LND's REST swagger definitions and error texts (tests/fixtures/node-apis/lnd/)",
    async start(node, port, dir) {
      // LND's tls.cert is self-signed and Sluice pins it (LND_TLS_CERT_PATH); kept, so a pinned copy stays valid.
      const certFile = path.join(dir, "tls.cert");
      const keyFile = path.join(dir, "tls.key");
      if (!existsSync(certFile) || !existsSync(keyFile)) {
        const made = selfSignedCert(3650);
        writeFileSync(keyFile, made.key, { mode: 0o600 });
        writeFileSync(certFile, made.cert);
      }
      const tls = { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
      const macaroonHex = kept(dir, "macaroon.hex", () => randomBytes(64).toString("hex"));
      const macaroonFile = path.join(dir, "admin.macaroon");
      writeFileSync(macaroonFile, Buffer.from(macaroonHex, "hex"), { mode: 0o600 });
      const fake = await startFakeLnd(node, tls, { port, macaroonHex });
      return {
        server: fake,
        listening: fake.url,
        env: [["LND_REST_URL", fake.url], ["LND_MACAROON_PATH", macaroonFile], ["LND_TLS_CERT_PATH", certFile]],
        receive: (hash) => node.receive(hash),
      };
    },
  },
  cln: {
    label: "Core Lightning (CLNRest)",
    defaultPort: 3010,
    definition: "Core Lightning's doc/schemas and CLNRest's handlers (tests/fixtures/node-apis/cln/)",
    async start(node, port) {
      const fake = await startFakeCln(node, { port });
      return { server: fake, listening: fake.url, env: [["CLN_REST_URL", fake.url], ["CLN_RUNE", fake.rune]], receive: (hash) => node.receive(hash) };
    },
  },
  lnbits: {
    label: "LNbits",
    defaultPort: 5000,
    definition: "LNbits' payment API as its handlers define it (tests/fixtures/node-apis/lnbits/)",
    async start(node, port) {
      const fake = await startFakeLnbits(node, { port });
      return {
        server: fake,
        listening: fake.url,
        env: [["LNBITS_URL", fake.url], ["LNBITS_ADMIN_KEY", fake.adminKey], ["LNBITS_INVOICE_KEY", fake.invoiceKey]],
        receive: (hash) => node.receive(hash),
      };
    },
  },
  phoenixd: {
    label: "phoenixd",
    defaultPort: 9740,
    definition: "phoenixd's Api.kt and JsonSerializers.kt (tests/fixtures/node-apis/phoenixd/)",
    async start(node, port) {
      const fake = await startFakePhoenixd(node, { port });
      return { server: fake, listening: fake.url, env: [["PHOENIXD_URL", fake.url], ["PHOENIXD_PASSWORD", fake.password]], receive: (hash) => fake.receive(hash) };
    },
  },
  nwc: {
    label: "Nostr Wallet Connect wallet service (with its own relay)",
    defaultPort: 7777,
    definition: "NIP-47 and NIP-01 (tests/fixtures/node-apis/nwc/)",
    async start(node, port, dir) {
      // The connection URI holds the relay's port and both keys: all kept, so NWC_URL stays the same.
      const fake = await startFakeWallet(node, undefined, { port, keys: { wallet: hexKey(dir, "wallet.key"), client: hexKey(dir, "client.key") } });
      return { server: fake, listening: `relay ${fake.relay.url}`, env: [["NWC_URL", fake.nwcUrl]], receive: (hash) => node.receive(hash) };
    },
  },
};

/** A value as a shell word: as it is when it is plain, else in single quotes (NWC_URL has ? and &). */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}


const HELP = [
  "Commands (you are the rest of the Lightning network):",
  "  pull <lnurl> [sats]  a customer's wallet pulls a withdraw: reads the LNURL (lnurl1…, lightning:lnurl1… or",
  "                       lnurlw://…), makes an invoice signed with its own key for the most the withdraw offers",
  "                       (or [sats]), calls Sluice back with it, and reports when this node has paid it",
  "  pay <bolt11>         a customer pays one of this node's invoices (the invoice of a Sluice deposit)",
  "  balance              this node's balance, invoices and payments",
  "  checks               how many answers were checked against the node's definition, and any violations",
  "  help                 this list",
  "  quit                 stop the fake node (Ctrl-C too)",
];

class UsageError extends Error {}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: "string" }, dir: { type: "string" }, help: { type: "boolean" } } });
  const kind = positionals[0] as Kind | undefined;
  const usage = "Usage: npm run fake-node -- <lnd|cln|lnbits|phoenixd|nwc> [--port N] [--dir DIR]";
  if (values.help) return void console.log(usage);
  if (!kind || !(kind in KINDS) || positionals.length > 1) {
    console.error(`${usage}\n(got ${positionals.length ? positionals.map((p) => JSON.stringify(p)).join(" ") : "no node kind"})`);
    process.exit(2);
  }
  const spec = KINDS[kind];
  const port = values.port === undefined ? spec.defaultPort : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port must be a port number, 1 to 65535 (got "${values.port}").`);
    process.exit(2);
  }
  const dir = path.resolve(values.dir ?? path.join(".data", "fake-nodes", kind));
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  // The network Sluice runs on unless LIGHTNING_NETWORK says otherwise (lib/env.ts: regtest), so the default
  // configuration fits; it is printed anyway, so that a LIGHTNING_NETWORK left in the shell cannot mismatch.
  const node = new FakeNode("regtest", hexKey(dir, "node.key"));
  node.alias = `fake-${kind}`;
  let running: Running;
  try {
    running = await spec.start(node, port, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") console.error(`Port ${port} on 127.0.0.1 is taken: stop what listens there, or choose another with --port N.`);
    else console.error(`The fake node did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  const { server } = running;
  const env: [string, string][] = [["LIGHTNING_BACKEND", kind], ["LIGHTNING_NETWORK", node.network], ...running.env];

  const out = (line = "") => console.log(line);
  out(`Fake ${spec.label} on ${running.listening}, network ${node.network}, node ${node.pubkey}.`);
  out("This is a TEST DOUBLE: a fake node from Sluice's test suite. It is not a Lightning node, holds no real money");
  out("and talks to nothing outside this machine; its balance is made up. Every answer it sends is checked against");
  out(`${spec.definition};`);
  out('an answer that breaks it is printed as "CONTRACT VIOLATION: …".');
  out(`Its keys and credentials are kept in ${dir}; invoices and payments live only as long as this process.`);
  out();
  out("Start Sluice against it, in another terminal in the Sluice folder (these are this fake's own credentials;");
  out("for a real node they would be secrets, printed here only because this is the test double you started):");
  out();
  out(`  ${env.map(([name, value]) => `${name}=${shellWord(value)}`).join(" ")} npm start`);
  out();
  for (const line of HELP) out(line);
  out();

  let reported = 0;
  const reportViolations = () => {
    for (; reported < server.violations.length; reported++) out(`CONTRACT VIOLATION: ${server.violations[reported]}`);
  };
  const monitor = setInterval(reportViolations, 250);

  const pull = async (args: string[]) => {
    const [link, wanted] = args;
    if (!link || args.length > 2) throw new UsageError("pull <lnurl> [sats]: give the withdraw's LNURL (lnurl1…, lightning:lnurl1… or lnurlw://…).");
    if (wanted !== undefined && !/^\d+$/.test(wanted)) throw new UsageError(`[sats] must be a whole number of sats (got "${wanted}").`);
    const wallet = new TestWallet(node.network);
    // The LNURL's URL carries the withdraw's secret (a bearer capability): only its origin is printed.
    out(`Wallet: reading the withdraw offer at ${new URL(decodeLnurl(link)).origin} …`);
    const offer = await wallet.firstStep(link);
    if (!("tag" in offer)) return out(`Sluice refused the first step: ${JSON.stringify(offer)}`);
    if (offer.tag !== "withdrawRequest") return out(`That LNURL is a ${offer.tag}, not a withdraw.`);
    const [min, max] = [BigInt(offer.minWithdrawable), BigInt(offer.maxWithdrawable)];
    out(`Wallet: the offer is ${min === max ? `${sats(max)} sat` : `${sats(min)} to ${sats(max)} sat`}, "${offer.defaultDescription}".`);
    const amountMsat = wanted === undefined ? max : satsToMsat(BigInt(wanted));
    const { invoice, paymentHash, preimage } = wallet.payableInvoice(amountMsat, offer.defaultDescription);
    // The wallet is the payee: this node learns the preimage by paying it, as on Lightning.
    node.payeePreimages.set(paymentHash, preimage);
    let settled = false;
    const waiting = setTimeout(() => {
      if (!settled) out(`Wallet: not paid yet after 30 s (payment hash ${paymentHash}); Sluice's withdraw says why (or waits for the node).`);
    }, 30_000);
    waiting.unref();
    node.watch(paymentHash, () => {
      settled = true;
      clearTimeout(waiting);
      const payment = node.payments.get(paymentHash)!;
      if (payment.status === "succeeded") {
        out(`Paid: this node paid the wallet's invoice ${paymentHash}: ${sats(payment.amountMsat)} sat, routing fee ${sats(payment.feeMsat)} sat; the preimage ${payment.preimage} is the proof.`);
      } else {
        out(`Failed: this node's payment of the wallet's invoice ${paymentHash} failed (${payment.failure}).`);
      }
    });
    out(`Wallet: invoice for ${sats(amountMsat)} sat (payment hash ${paymentHash}); calling Sluice back …`);
    const { reply } = await wallet.callback(offer, invoice);
    out(`Sluice answered: ${JSON.stringify(reply)}`);
    if (reply.status === "OK" && !settled) out("Wallet: waiting for this node to pay …");
  };

  const pay = (args: string[]) => {
    if (args.length !== 1) throw new UsageError("pay <bolt11>: give the invoice of a deposit (lnbcrt1…).");
    const text = args[0].replace(/^lightning:/i, "").toLowerCase();
    const decoded = decodeInvoice(text);
    const invoice = node.invoices.get(decoded.paymentHash);
    if (!invoice || invoice.invoice.toLowerCase() !== text) {
      return out(`That invoice is not one of this node's (its payee is ${decoded.payeePubkey}, this node is ${node.pubkey}): pay the invoice of a deposit Sluice made while this fake was running.`);
    }
    if (invoice.settled) return out(`That invoice is already paid (${sats(invoice.receivedMsat)} sat received).`);
    if (Date.now() / 1000 > invoice.createdAt + invoice.expiry) return out("That invoice has expired: a wallet would refuse to pay it. Make a new deposit.");
    running.receive(invoice.hash);
    out(`Paid: a customer paid this node's invoice ${invoice.hash}: ${sats(invoice.receivedMsat)} sat received.`);
    out("Sluice credits the deposit the next time it asks the node: its background job does every few seconds, and reading the deposit does at once.");
  };

  const balance = () => {
    const invoices = [...node.invoices.values()];
    const payments = [...node.payments.values()];
    out(`Balance: ${sats(node.balanceMsat)} sat (made up: this is a fake node).`);
    out(`Invoices: ${invoices.length} made, ${invoices.filter((i) => i.settled).length} paid. Payments: ${payments.length} sent, ${payments.filter((p) => p.status === "succeeded").length} succeeded, ${payments.filter((p) => p.status === "failed").length} failed.`);
  };

  const checks = () => {
    reportViolations();
    out(`${server.checked.count} checks of answers against ${spec.definition}; ${server.violations.length} violation(s).`);
  };

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(monitor);
    reportViolations();
    const closed = await server.close().then(
      () => null,
      (error: Error) => error,
    );
    out(`Fake ${kind} stopped: ${server.checked.count} checks of its answers, ${server.violations.length} contract violation(s).`);
    if (closed && server.violations.length === 0) out(`It did not stop cleanly: ${closed.message}`);
    process.exit(server.violations.length > 0 || closed ? 1 : 0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());

  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, prompt: "fake-node> " });
  // A prompt only for a person at a terminal; commands piped in get only the answers.
  const prompt = () => interactive && !stopping && rl.prompt();
  const commands: Record<string, (args: string[]) => unknown> = { pull, pay, balance, checks, help: () => HELP.forEach((l) => out(l)), quit: stop, exit: stop };
  // One command at a time, in the order typed; a pull's payment is reported whenever it happens.
  let queue = Promise.resolve();
  rl.on("line", (line) => {
    const [name, ...args] = line.trim().split(/\s+/).filter(Boolean);
    if (!name) return prompt();
    queue = queue.then(async () => {
      const command = commands[name.toLowerCase()];
      try {
        if (!command) throw new UsageError(`Unknown command "${name}". Type help for the list.`);
        await command(args);
      } catch (error) {
        out(error instanceof UsageError ? error.message : `Error: ${(error as Error).message}`);
      }
      reportViolations();
      prompt();
    });
  });
  // Ctrl-D at a terminal stops the fake; input that is not a terminal (a script, `< /dev/null`, a background
  // job) may end while the fake is still wanted: then it keeps serving until quit, Ctrl-C or SIGTERM.
  rl.on("close", () => {
    if (interactive) void queue.then(stop);
  });
  prompt();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
