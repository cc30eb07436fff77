// A fake LNbits instance on 127.0.0.1 that answers the wallet API as lnbits/core/views/payment_api.py,
// wallet_api.py and lnbits/exceptions.py do (shapes in lnbits/core/models/payments.py): keys in X-Api-Key,
// amounts in msat with outgoing ones negative, PaymentError as HTTP 520 {detail, status}.
import { FakeNode, sendJson, serveFake, type FakePayment, type FakeInvoice, type FakeServer } from "./fake-lightning";

export type FakeLnbits = FakeServer & { node: FakeNode; adminKey: string; invoiceKey: string; walletId: string };

export async function startFakeLnbits(node = new FakeNode()): Promise<FakeLnbits> {
  const adminKey = "a".repeat(32);
  const invoiceKey = "b".repeat(32);
  const walletId = "c".repeat(32);

  const outgoing = (p: FakePayment) => ({
    checking_id: p.hash,
    payment_hash: p.hash,
    wallet_id: walletId,
    amount: -Number(p.amountMsat),
    fee: -Number(p.feeMsat),
    bolt11: p.invoice,
    status: p.status === "succeeded" ? "success" : p.status,
    preimage: p.status === "succeeded" ? p.preimage : null,
    memo: "",
    time: new Date(p.createdAt * 1000).toISOString(),
    extra: {},
  });
  const incoming = (i: FakeInvoice) => ({
    checking_id: i.hash,
    payment_hash: i.hash,
    wallet_id: walletId,
    amount: Number(i.amountMsat),
    fee: 0,
    bolt11: i.invoice,
    status: i.settled ? "success" : "pending",
    preimage: i.settled ? i.preimage : null,
    memo: i.description,
    expiry: new Date((i.createdAt + i.expiry) * 1000).toISOString(),
    extra: {},
  });

  const server = await serveFake((req, res, raw) => {
    const key = req.headers["x-api-key"];
    const role = key === adminKey ? "admin" : key === invoiceKey ? "invoice" : null;
    const url = new URL(req.url ?? "/", "http://fake");

    const status = url.pathname.match(/^\/api\/v1\/payments\/([0-9a-f]{64})$/);
    if (req.method === "GET" && status) {
      const hash = status[1];
      const out = node.payments.get(hash);
      const inv = node.invoices.get(hash);
      if (!out && !inv) return sendJson(res, 404, { detail: "Payment does not exist." });
      const details = out ? outgoing(out) : incoming(inv!);
      const own = role !== null;
      if (details.status === "success") return sendJson(res, 200, { paid: true, preimage: details.preimage, ...(own ? { details } : {}) });
      if (details.status === "failed") return sendJson(res, 200, { paid: false, status: "failed", ...(own ? { details } : {}) });
      return sendJson(res, 200, own ? { paid: false, status: "pending", preimage: null, details } : { paid: false, preimage: null });
    }

    if (!role) return sendJson(res, 401, { detail: "Invalid key." });

    if (req.method === "GET" && url.pathname === "/api/v1/wallet") {
      return sendJson(res, 200, { name: node.alias, balance: Number(node.balanceMsat), ...(role === "admin" ? { id: walletId } : {}) });
    }

    if (req.method === "POST" && url.pathname === "/api/v1/payments") {
      const body = JSON.parse(raw) as { out?: boolean; amount?: number; unit?: string; memo?: string; expiry?: number; bolt11?: string };
      if (body.out === false) {
        if (body.unit !== "sat" || !Number.isInteger(body.amount)) return sendJson(res, 400, { detail: "amount in sat required" });
        const invoice = node.createInvoice(BigInt(body.amount!) * 1000n, body.memo ?? "", body.expiry ?? 3600);
        return sendJson(res, 201, incoming(invoice));
      }
      if (role !== "admin") return sendJson(res, 403, { detail: "Invoice (or Admin) key required." });
      if (!body.bolt11) return sendJson(res, 400, { detail: "Missing BOLT11 invoice" });
      const { payment, behaviour, repeated } = node.startPayment(body.bolt11);
      if (repeated) return sendJson(res, 400, { detail: "Payment already exists." });
      if (behaviour === "hang") return; // never answered; the payment stays pending
      if (behaviour === "drop") return void req.socket.destroy();
      if (behaviour === "server_error") return sendJson(res, 500, { detail: "Internal Server Error" });
      if (payment.status === "failed") return sendJson(res, 520, { detail: `Payment failed: ${payment.failure}`, status: "failed" });
      return sendJson(res, 201, outgoing(payment));
    }
    return sendJson(res, 404, { detail: "Not Found" });
  });
  return { ...server, node, adminKey, invoiceKey, walletId };
}
