// What Sluice needs of any Lightning node, stated once and run over every backend through the LightningBackend
// interface only: the simulator (on this file's database) and each real adapter against its fake node (whose
// answers are checked against the node's vendored definition; close() fails the suite on any that breaks it).
//
// Where a backend legitimately differs, the table below says so with a capability and why; a test that does not
// apply to a row is not defined for it (so it is neither run nor reported as skipped), never skipped inside the test.
import { createHash, randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice, signInvoice } from "@/lib/bolt11";
import { clnBackend } from "@/lib/lightning/cln";
import { lnbitsBackend } from "@/lib/lightning/lnbits";
import { lndBackend } from "@/lib/lightning/lnd";
import { nwcBackend } from "@/lib/lightning/nwc";
import { phoenixdBackend } from "@/lib/lightning/phoenixd";
import { simulatorBackend } from "@/lib/lightning/simulator";
import { createWalletInvoice, simulatorPubkey } from "@/lib/lightning/simulator/invoices";
import { payFromWallet } from "@/lib/lightning/simulator/payments";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { DEMO_WALLET } from "@/lib/lightning/simulator/wallets";
import type { BackendKind, CreatedInvoice, LightningBackend, PaymentLookup, PayRequest } from "@/lib/lightning/types";
import { startFakeCln } from "../support/fake-cln";
import { FakeNode, unusedUrl, type FakeServer } from "../support/fake-lightning";
import { startFakeLnbits } from "../support/fake-lnbits";
import { startFakeLnd } from "../support/fake-lnd";
import { nwcConnectionOf, startFakeWallet } from "../support/fake-nwc";
import { startFakePhoenixd } from "../support/fake-phoenixd";

/** Every pay call gives up after this long (plus the adapter's grace): a hung node costs the suite about that much. */
const TIMEOUT_SECONDS = 1;
const FEE_LIMIT_MSAT = 10_000n;
const ADAPTER = { network: "regtest", timeoutMs: 2000 } as const;
const PAY_GRACE = { payGraceMs: 300 };

/** How a test makes the node treat the next payment of a payment hash (the fakes' Behaviour, the simulator's mode). */
type Fate = "fail" | "hang" | "drop" | "server_error";

/** One backend, running: the interface under test and the controls a test has over its node. */
type Rig = {
  backend: LightningBackend;
  /** The node's own public key, as the node (the fake, or the simulator's key) holds it. */
  pubkey(): Promise<string>;
  /** An invoice of someone else on the network, whose preimage the node learns by paying it. */
  payee(amountMsat: bigint): Promise<{ invoice: string; paymentHash: string }>;
  /** A customer pays one of the node's invoices; resolves with what arrived at the node (msat). */
  customerPays(created: CreatedInvoice, askedMsat: bigint): Promise<bigint>;
  /** The next payment of this hash meets this fate. */
  script(paymentHash: string, fate: Fate): Promise<void>;
  /** The node completes a payment it left in flight (the next lookup sees it succeeded). */
  settle(paymentHash: string): Promise<void>;
  /** The same kind of backend, configured for a node where nothing listens. */
  unreachable(): Promise<LightningBackend>;
  /** Puts the node back to paying normally after each test. */
  reset(): Promise<void>;
  close(): Promise<void>;
};

type Row = {
  /** The row's name in the report; `name` is the backend kind getInfo reports. */
  label: string;
  name: BackendKind;
  start: () => Promise<Rig>;
  /**
   * Whether Sluice reaches the node over a network connection. The simulator runs inside Sluice on its own
   * database: it has no connection that can be refused, dropped after a request was sent, or answer with an HTTP
   * error, so those failure classes do not exist for it.
   */
  connection: boolean;
  /** The unit the node reports its balance in: 1 msat, or whole sats (phoenixd's GET /getbalance answers balanceSat). */
  balanceUnitMsat: bigint;
  /**
   * Whether what arrives for an invoice can differ from the amount it asks, as the rig's customer pays. A sender
   * may overpay an LND, CLN or LNbits invoice; phoenixd keeps a liquidity fee out of what arrives. The simulator's
   * only payer (its demo wallet) pays exactly the amount an invoice asks and it takes no fee on receiving, so
   * there what arrives is always the amount asked.
   */
  receivedDiffers: boolean;
};

// A payee somewhere on the network: its invoices are signed with its own key and the fake node learns each
// preimage only by paying (FakeNode.payeePreimages).
const PAYEE_KEY = secp256k1.utils.randomSecretKey();
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function outsidePayee(node: FakeNode): Rig["payee"] {
  return async (amountMsat) => {
    const preimage = randomBytes(32);
    const paymentHash = sha256(preimage);
    const invoice = signInvoice(
      { network: "regtest", amountMsat, paymentHash, paymentSecret: randomBytes(32).toString("hex"), description: "contract payee", expirySeconds: 600 },
      PAYEE_KEY,
    );
    node.payeePreimages.set(paymentHash, preimage.toString("hex"));
    return { invoice, paymentHash };
  };
}

/** The controls every fake node shares (FakeNode: its script of fates, settle, receive). */
function fakeRig(node: FakeNode, server: FakeServer, backend: LightningBackend, unreachable: () => Promise<LightningBackend>): Rig {
  return {
    backend,
    pubkey: async () => node.pubkey,
    payee: outsidePayee(node),
    async customerPays(created, askedMsat) {
      // One sat more than asked: a sender may overpay, and the node reports what it accepted.
      node.receive(created.paymentHash, askedMsat + 1000n);
      return askedMsat + 1000n;
    },
    script: async (hash, fate) => void node.script.set(hash, fate),
    settle: async (hash) => node.settle(hash),
    unreachable,
    reset: async () => undefined,
    close: () => server.close(),
  };
}

const ROWS: Row[] = [
  {
    label: "simulator",
    name: "simulator",
    connection: false,
    balanceUnitMsat: 1n,
    receivedDiffers: false,
    async start() {
      const backend = simulatorBackend("regtest");
      return {
        backend,
        pubkey: simulatorPubkey,
        // The simulator knows the preimage only of its own invoices: its payee is its other wallet (the demo
        // wallet), paid internally with the invoice's true preimage. An outside invoice succeeds without one.
        async payee(amountMsat) {
          const created = await createWalletInvoice(DEMO_WALLET, { amountMsat, description: "contract payee", expirySeconds: 600 }, "regtest");
          return { invoice: created.invoice, paymentHash: created.paymentHash };
        },
        async customerPays(created, askedMsat) {
          const request = { invoice: created.invoice, paymentHash: created.paymentHash, amountMsat: askedMsat, feeLimitMsat: 0n, timeoutSeconds: TIMEOUT_SECONDS };
          expect(await payFromWallet(DEMO_WALLET, request, "regtest")).toMatchObject({ status: "succeeded" });
          return askedMsat;
        },
        // The simulator's mode holds for every payment from the next one on (the test pays just one).
        async script(_hash, fate) {
          if (fate !== "fail" && fate !== "hang") throw new Error(`the simulator has no connection: "${fate}" does not apply`);
          await setSimulatorMode({ mode: fate });
        },
        // Back to normal, the next lookup finishes the pending payment, as a node finishes an HTLC after a restart.
        settle: async () => void (await setSimulatorMode({ mode: "normal" })),
        unreachable: () => Promise.reject(new Error("the simulator has no connection to refuse")),
        reset: async () => void (await setSimulatorMode({ mode: "normal" })),
        close: async () => undefined,
      };
    },
  },
  {
    label: "lnd",
    name: "lnd",
    connection: true,
    balanceUnitMsat: 1n,
    receivedDiffers: true,
    async start() {
      const fake = await startFakeLnd(new FakeNode("regtest"));
      const config = { macaroonHex: fake.macaroonHex, tlsCertPem: fake.tls.cert, ...ADAPTER, ...PAY_GRACE };
      return fakeRig(fake.node, fake, lndBackend({ url: fake.url, ...config }), async () => lndBackend({ url: await unusedUrl("https"), ...config }));
    },
  },
  {
    // Core Lightning pays with xpay from v26.06 and with `pay` before (lib/lightning/cln): one row for each.
    label: "cln (xpay, v26.06)",
    name: "cln",
    connection: true,
    balanceUnitMsat: 1n,
    receivedDiffers: true,
    async start() {
      const fake = await startFakeCln(new FakeNode("regtest"), { version: "v26.06" });
      const config = { rune: fake.rune, ...ADAPTER, ...PAY_GRACE };
      return fakeRig(fake.node, fake, clnBackend({ url: fake.url, ...config }), async () => clnBackend({ url: await unusedUrl(), ...config }));
    },
  },
  {
    // The same node on a release before xpay served payments: the adapter pays with `pay`.
    label: "cln (pay, v25.09)",
    name: "cln",
    connection: true,
    balanceUnitMsat: 1n,
    receivedDiffers: true,
    async start() {
      const fake = await startFakeCln(new FakeNode("regtest"), { version: "v25.09" });
      const config = { rune: fake.rune, ...ADAPTER, ...PAY_GRACE };
      return fakeRig(fake.node, fake, clnBackend({ url: fake.url, ...config }), async () => clnBackend({ url: await unusedUrl(), ...config }));
    },
  },
  {
    label: "lnbits",
    name: "lnbits",
    connection: true,
    balanceUnitMsat: 1n,
    receivedDiffers: true,
    async start() {
      const fake = await startFakeLnbits(new FakeNode("regtest"));
      const config = { adminKey: fake.adminKey, invoiceKey: fake.invoiceKey, ...ADAPTER };
      return fakeRig(fake.node, fake, lnbitsBackend({ url: fake.url, ...config }), async () => lnbitsBackend({ url: await unusedUrl(), ...config }));
    },
  },
  {
    label: "phoenixd",
    name: "phoenixd",
    connection: true,
    balanceUnitMsat: 1000n,
    receivedDiffers: true,
    async start() {
      const fake = await startFakePhoenixd(new FakeNode("regtest"));
      const config = { password: fake.password, ...ADAPTER, ...PAY_GRACE };
      const rig = fakeRig(fake.node, fake, phoenixdBackend({ url: fake.url, ...config }), async () => phoenixdBackend({ url: await unusedUrl(), ...config }));
      return {
        ...rig,
        // phoenixd keeps a liquidity fee (here 2 sats) out of what arrives and reports receivedSat after it.
        async customerPays(created, askedMsat) {
          fake.receive(created.paymentHash, 2000n);
          return askedMsat - 2000n;
        },
      };
    },
  },
  {
    // A wallet service reached over a Nostr relay (NIP-47): both run on loopback, and every response the wallet
    // sends is checked against NIP-47's text. "drop" there is a request the wallet never answers; "server_error"
    // its INTERNAL error; unreachable, a relay address where nothing listens.
    label: "nwc",
    name: "nwc",
    connection: true,
    balanceUnitMsat: 1n,
    receivedDiffers: true,
    async start() {
      const wallet = await startFakeWallet(new FakeNode("regtest"));
      const backend = nwcBackend({ connection: nwcConnectionOf(wallet.nwcUrl), ...ADAPTER, ...PAY_GRACE });
      const unreachable = async () => {
        const url = new URL(wallet.nwcUrl);
        url.searchParams.set("relay", (await unusedUrl()).replace(/^http/, "ws"));
        return nwcBackend({ connection: nwcConnectionOf(url.toString()), ...ADAPTER, ...PAY_GRACE });
      };
      return fakeRig(wallet.node, wallet, backend, unreachable);
    },
  },
];

function payRequest(payee: { invoice: string; paymentHash: string }, amountMsat: bigint): PayRequest {
  return { ...payee, amountMsat, feeLimitMsat: FEE_LIMIT_MSAT, timeoutSeconds: TIMEOUT_SECONDS };
}

type Paid = Extract<PaymentLookup, { status: "succeeded" }>;

/** A payment that succeeded: its fee within the limit, and the preimage the payee revealed (its hash is the payment hash). */
function expectPaid(outcome: PaymentLookup, paymentHash: string): asserts outcome is Paid {
  expect(outcome.status, JSON.stringify(outcome, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).toBe("succeeded");
  const paid = outcome as Paid;
  expect(paid.feeMsat).toBeGreaterThanOrEqual(0n);
  expect(paid.feeMsat).toBeLessThanOrEqual(FEE_LIMIT_MSAT);
  expect(paid.preimage).toMatch(/^[0-9a-f]{64}$/);
  expect(sha256(Buffer.from(paid.preimage!, "hex"))).toBe(paymentHash);
}

const neverSeen = () => randomBytes(32).toString("hex");

describe.each(ROWS)("every Lightning backend: $label", (row) => {
  let rig: Rig;
  // The connection tests exist only for rows with a connection to the node (see `connection` in the table).
  const overConnection = row.connection ? it : () => undefined;

  beforeAll(async () => {
    rig = await row.start();
  });
  afterEach(() => rig.reset());
  afterAll(() => rig?.close());

  it("a payment hash it has never seen: no payment (not found) and no invoice (null), before and after it made one", async () => {
    expect(await rig.backend.lookupPayment(neverSeen())).toEqual({ status: "not_found" });
    expect(await rig.backend.lookupInvoice(neverSeen())).toBeNull();
    await rig.backend.createInvoice({ amountMsat: 1_000_000n, description: "contract: one invoice", expirySeconds: 600 });
    expect(await rig.backend.lookupPayment(neverSeen())).toEqual({ status: "not_found" });
    expect(await rig.backend.lookupInvoice(neverSeen())).toBeNull();
  });

  it("reports its network and its public key, the key that signs its invoices", async () => {
    const info = await rig.backend.getInfo();
    expect(info).toMatchObject({ backend: row.name, network: "regtest", livemode: false });
    expect(info.pubkey).toBe(await rig.pubkey());
    const created = await rig.backend.createInvoice({ amountMsat: 2_000_000n, description: "contract: whose key", expirySeconds: 600 });
    expect(decodeInvoice(created.invoice).payeePubkey).toBe(info.pubkey);
  });

  it("makes an invoice and looks it up: unpaid, then paid with the amount asked and the amount received apart", async () => {
    const asked = 5_000_000n;
    const created = await rig.backend.createInvoice({ amountMsat: asked, description: "contract: an invoice", expirySeconds: 600 });
    const decoded = decodeInvoice(created.invoice);
    expect(decoded).toMatchObject({ paymentHash: created.paymentHash, amountMsat: asked, network: "regtest" });
    expect(created.expiresAt.getTime()).toBe(decoded.expiresAt * 1000);
    expect(await rig.backend.lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: asked, receivedMsat: 0n });

    const arrived = await rig.customerPays(created, asked);
    expect(arrived !== asked).toBe(row.receivedDiffers);
    expect(await rig.backend.lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: asked, receivedMsat: arrived });
  });

  it("pays an invoice: succeeded, its fee within the limit, a preimage that hashes to the payment hash; the lookup agrees", async () => {
    const payee = await rig.payee(2_000_000n);
    const outcome = await rig.backend.payInvoice(payRequest(payee, 2_000_000n));
    expectPaid(outcome, payee.paymentHash);
    // The fee exactly as the node's record has it (phoenixd's pay answer rounds it to sats; its adapter reads
    // the record for the msat figure).
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toEqual(outcome);
  });

  it("reports its balance, less by what a payment cost", async () => {
    const before = (await rig.backend.getBalance()).msat;
    const payee = await rig.payee(3_000_000n);
    const outcome = await rig.backend.payInvoice(payRequest(payee, 3_000_000n));
    expectPaid(outcome, payee.paymentHash);
    const after = (await rig.backend.getBalance()).msat;
    const spent = 3_000_000n + outcome.feeMsat;
    // Within the unit the node reports in (whole sats for phoenixd), exactly what was spent.
    expect(after % row.balanceUnitMsat).toBe(0n);
    expect(before - after).toBeGreaterThan(spent - row.balanceUnitMsat);
    expect(before - after).toBeLessThan(spent + row.balanceUnitMsat);
  });

  it("a payment the node failed is failed, and its lookup says so too", async () => {
    const payee = await rig.payee(1_000_000n);
    await rig.script(payee.paymentHash, "fail");
    expect(await rig.backend.payInvoice(payRequest(payee, 1_000_000n))).toMatchObject({ status: "failed", reason: expect.any(String) });
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toMatchObject({ status: "failed" });
  });

  it("a payment the node still holds when the timeout passes is in flight, never failed, until a later lookup resolves it", async () => {
    const payee = await rig.payee(1_000_000n);
    await rig.script(payee.paymentHash, "hang");
    expect(await rig.backend.payInvoice(payRequest(payee, 1_000_000n))).toEqual({ status: "in_flight" });
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toEqual({ status: "in_flight" });
    await rig.settle(payee.paymentHash);
    expectPaid(await rig.backend.lookupPayment(payee.paymentHash), payee.paymentHash);
  });

  overConnection("a connection cut after the pay request was sent is in flight, never failed, until a later lookup resolves it", async () => {
    const payee = await rig.payee(1_000_000n);
    await rig.script(payee.paymentHash, "drop");
    expect(await rig.backend.payInvoice(payRequest(payee, 1_000_000n))).toEqual({ status: "in_flight" });
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toEqual({ status: "in_flight" });
    await rig.settle(payee.paymentHash);
    expectPaid(await rig.backend.lookupPayment(payee.paymentHash), payee.paymentHash);
  });

  overConnection("a server error answering the pay request is an unknown outcome (thrown, not unreachable), never failed", async () => {
    const payee = await rig.payee(1_000_000n);
    await rig.script(payee.paymentHash, "server_error");
    // payInvoice throws when it cannot tell the outcome; callers treat that as unknown (lib/payments/engine.ts).
    await expect(rig.backend.payInvoice(payRequest(payee, 1_000_000n))).rejects.toMatchObject({ name: "BackendError", reason: "status" });
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toEqual({ status: "in_flight" });
    await rig.settle(payee.paymentHash);
    expectPaid(await rig.backend.lookupPayment(payee.paymentHash), payee.paymentHash);
  });

  overConnection("a pay request to a node that cannot be reached surely never left: unreachable, and the node knows nothing of it", async () => {
    const down = await rig.unreachable();
    const payee = await rig.payee(1_000_000n);
    await expect(down.payInvoice(payRequest(payee, 1_000_000n))).rejects.toMatchObject({ name: "BackendError", reason: "unreachable" });
    expect(await rig.backend.lookupPayment(payee.paymentHash)).toEqual({ status: "not_found" });
  });
});
