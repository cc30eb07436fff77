// A deposit is credited what the node reports it received for the invoice (LND amt_paid_msat, Core Lightning
// amount_received_msat, LNbits the paid payment's amount), never the deposit's own figure: below the deposit's
// amount it is not credited at all (failed, with the reason, logged once), at or above it the ledger credit is
// what was received. Run over each real adapter against its fake node.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createDeposit } from "@/lib/deposits/create-deposit";
import { refreshDeposit } from "@/lib/deposits/refresh-deposit";
import { settleDeposits } from "@/lib/deposits/settle-deposits";
import { getBalance } from "@/lib/ledger/get-balance";
import { useLightningBackend } from "@/lib/lightning/backend";
import { clnBackend } from "@/lib/lightning/cln";
import { lnbitsBackend } from "@/lib/lightning/lnbits";
import { lndBackend } from "@/lib/lightning/lnd";
import type { LightningBackend } from "@/lib/lightning/types";
import { startFakeCln } from "../support/fake-cln";
import { FakeNode, type FakeServer } from "../support/fake-lightning";
import { startFakeLnbits } from "../support/fake-lnbits";
import { startFakeLnd } from "../support/fake-lnd";
import { createTestMerchant } from "../support/merchants";

type Rig = { node: FakeNode; server: FakeServer; backend: LightningBackend };

const RIGS: Record<string, () => Promise<Rig>> = {
  lnd: async () => {
    const fake = await startFakeLnd(new FakeNode("regtest"));
    const backend = lndBackend({ url: fake.url, macaroonHex: fake.macaroonHex, tlsCertPem: fake.tls.cert, network: "regtest", timeoutMs: 2000 });
    return { node: fake.node, server: fake, backend };
  },
  cln: async () => {
    const fake = await startFakeCln(new FakeNode("regtest"));
    return { node: fake.node, server: fake, backend: clnBackend({ url: fake.url, rune: fake.rune, network: "regtest", timeoutMs: 2000 }) };
  },
  lnbits: async () => {
    const fake = await startFakeLnbits(new FakeNode("regtest"));
    const backend = lnbitsBackend({ url: fake.url, adminKey: fake.adminKey, invoiceKey: fake.invoiceKey, network: "regtest", timeoutMs: 2000 });
    return { node: fake.node, server: fake, backend };
  },
};

afterAll(() => useLightningBackend(undefined));
afterEach(() => vi.restoreAllMocks());

describe.each(Object.keys(RIGS))("deposits over %s", (name) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await RIGS[name]();
    useLightningBackend(rig.backend);
  });
  afterAll(() => rig.server.close());

  it("an invoice the node reports under-paid is not credited: the deposit fails with the reason, logged once", async () => {
    const { merchantId } = await createTestMerchant();
    const deposit = await createDeposit({ merchantId, sats: 25_000n });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    rig.node.receive(deposit.paymentHash, 24_999_000n);

    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });
    expect(await db().ledgerEntry.count({ where: { merchantId } })).toBe(0);
    const row = await db().deposit.findUniqueOrThrow({ where: { id: deposit.id } });
    expect(row).toMatchObject({ status: "failed", paidAt: null, failureReason: "The node received 24999 sat for the invoice, less than the 25000 sat asked: not credited." });
    expect(await db().event.count({ where: { depositId: deposit.id } })).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0].join(" ")).toBe(
      `[deposits] ${deposit.id}: not credited: the node reports 24999000 msat received for its invoice, less than the deposit's 25000000 msat`,
    );

    // Asked again (the background job, the deposit page's poll): the same answer, not logged again.
    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    expect(await refreshDeposit(merchantId, deposit.id)).toMatchObject({ status: "failed" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });
  });

  it("credits what the node received when it is at least the deposit's amount", async () => {
    const { merchantId } = await createTestMerchant();
    const exact = await createDeposit({ merchantId, sats: 25_000n });
    const over = await createDeposit({ merchantId, sats: 10_000n });
    rig.node.receive(exact.paymentHash);
    rig.node.receive(over.paymentHash, 10_000_500n);

    expect(await settleDeposits()).toEqual({ credited: 2, expired: 0 });
    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    const credits = await db().ledgerEntry.findMany({ where: { merchantId }, orderBy: { sequence: "asc" } });
    expect(credits.map((e) => [e.depositId, e.kind, e.availableDeltaMsat])).toEqual([
      [exact.id, "credit", 25_000_000n],
      [over.id, "credit", 10_000_500n],
    ]);
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 35_000_500n, reservedMsat: 0n });
    expect(await db().deposit.findUniqueOrThrow({ where: { id: over.id } })).toMatchObject({ status: "paid", failureReason: null });
  });
});
