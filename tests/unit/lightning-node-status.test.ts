// What the Node page reads: health, network, alias, key and balance from the node itself, and the last error
// this instance met (recorded by the wrapper every configured backend runs inside).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clnBackend } from "@/lib/lightning/cln";
import { lastBackendError, recordingErrors } from "@/lib/lightning/last-error";
import { lnbitsBackend } from "@/lib/lightning/lnbits";
import { lndBackend } from "@/lib/lightning/lnd";
import { phoenixdBackend } from "@/lib/lightning/phoenixd";
import { readNodeStatus } from "@/lib/lightning/read-node-status";
import { startFakeCln, type FakeCln } from "../support/fake-cln";
import { FakeNode } from "../support/fake-lightning";
import { startFakeLnbits, type FakeLnbits } from "../support/fake-lnbits";
import { startFakeLnd, type FakeLnd } from "../support/fake-lnd";
import { startFakePhoenixd, type FakePhoenixd } from "../support/fake-phoenixd";

let lnd: FakeLnd;
let cln: FakeCln;
let lnbits: FakeLnbits;
let phoenixd: FakePhoenixd;

beforeAll(async () => {
  [lnd, cln, lnbits, phoenixd] = await Promise.all([startFakeLnd(new FakeNode("regtest")), startFakeCln(new FakeNode("testnet")), startFakeLnbits(), startFakePhoenixd()]);
});
afterAll(() => Promise.all([lnd.close(), cln.close(), lnbits.close(), phoenixd.close()]));

describe("readNodeStatus", () => {
  it("reports a healthy node with its alias, key and channel balance", async () => {
    lnd.node.alias = "payout-node";
    const backend = lndBackend({ url: lnd.url, macaroonHex: lnd.macaroonHex, tlsCertPem: lnd.tls.cert, network: "regtest" });
    const status = await readNodeStatus(backend, "regtest");
    expect(status).toMatchObject({ backend: "lnd", health: "healthy", problem: null, channelBalanceMsat: lnd.node.balanceMsat });
    expect(status.node).toMatchObject({ alias: "payout-node", pubkey: lnd.node.pubkey, network: "regtest" });
  });

  it("reports a healthy phoenixd, and a limited-access password as credentials that cannot be used", async () => {
    phoenixd.node.balanceMsat = 2_500_000n;
    const healthy = await readNodeStatus(phoenixdBackend({ url: phoenixd.url, password: phoenixd.password, network: "regtest" }), "regtest");
    expect(healthy).toMatchObject({ backend: "phoenixd", health: "healthy", problem: null, channelBalanceMsat: 2_500_000n });
    expect(healthy.node).toMatchObject({ pubkey: phoenixd.node.pubkey, network: "regtest", alias: "phoenixd" });
    const limited = await readNodeStatus(phoenixdBackend({ url: phoenixd.url, password: phoenixd.limitedPassword, network: "regtest" }), "regtest");
    expect(limited.health).toBe("misconfigured");
    expect(limited.problem).toMatch(/PHOENIXD_PASSWORD is phoenixd's limited-access password/);
    expect(phoenixd.node.payCalls).toEqual([]);
  });

  // Which node software and release answered, as each node's own getinfo reports it (LND's and Core Lightning's
  // `version`, phoenixd's NodeInfo.version); LNbits' wallet API and NIP-47's get_info carry none (null).
  it("reports the version the node answered with, or none where its API gives none", async () => {
    const lndStatus = await readNodeStatus(lndBackend({ url: lnd.url, macaroonHex: lnd.macaroonHex, tlsCertPem: lnd.tls.cert, network: "regtest" }), "regtest");
    expect(lndStatus.node?.version).toBe("0.18.5-beta");
    cln.settings.version = "v26.06";
    const clnStatus = await readNodeStatus(clnBackend({ url: cln.url, rune: cln.rune, network: "testnet" }), "testnet");
    expect(clnStatus.node?.version).toBe("v26.06");
    const phoenixdStatus = await readNodeStatus(phoenixdBackend({ url: phoenixd.url, password: phoenixd.password, network: "regtest" }), "regtest");
    expect(phoenixdStatus.node).toMatchObject({ alias: "phoenixd", version: phoenixd.version });
    const lnbitsStatus = await readNodeStatus(lnbitsBackend({ url: lnbits.url, adminKey: lnbits.adminKey, invoiceKey: lnbits.invoiceKey, network: "regtest" }), "regtest");
    expect(lnbitsStatus).toMatchObject({ health: "healthy" });
    expect(lnbitsStatus.node?.version).toBeNull();
  });

  it("flags a node on another network than LIGHTNING_NETWORK", async () => {
    const status = await readNodeStatus(clnBackend({ url: cln.url, rune: cln.rune, network: "regtest" }), "regtest");
    expect(status.health).toBe("wrong_network");
    expect(status.problem).toBe("The node is on testnet, but LIGHTNING_NETWORK=regtest.");
  });

  it("tells refused credentials from an unreachable node, and remembers the last error", async () => {
    const refused = recordingErrors(lnbitsBackend({ url: lnbits.url, adminKey: lnbits.adminKey, invoiceKey: "f".repeat(32), network: "regtest" }));
    const status = await readNodeStatus(refused, "regtest");
    expect(status.health).toBe("unauthorized");
    expect(lastBackendError()).toMatchObject({ message: expect.stringMatching(/refused our credentials/) });

    // LNbits keys of two wallets: both work, but they do not fit together, and the page says so.
    const mixed = lnbitsBackend({ url: lnbits.url, adminKey: lnbits.adminKey, invoiceKey: lnbits.wallets[1].invoiceKey, network: "regtest" });
    const misconfigured = await readNodeStatus(mixed, "regtest");
    expect(misconfigured.health).toBe("misconfigured");
    expect(misconfigured.problem).toMatch(/LNBITS_ADMIN_KEY and LNBITS_INVOICE_KEY belong to two different LNbits wallets/);

    const gone = recordingErrors(clnBackend({ url: "http://127.0.0.1:9", rune: cln.rune, network: "regtest", timeoutMs: 1000 }));
    const down = await readNodeStatus(gone, "regtest");
    expect(down).toMatchObject({ health: "unreachable", node: null, channelBalanceMsat: null });
    expect(down.lastError).toMatchObject({ operation: expect.stringMatching(/node info|channel balance/), message: expect.stringMatching(/cannot reach http:\/\/127\.0\.0\.1:9/) });
  });
});
