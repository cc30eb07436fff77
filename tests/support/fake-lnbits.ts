// A fake LNbits instance on 127.0.0.1 that answers the wallet API as lnbits/core/views/payment_api.py,
// wallet_api.py and lnbits/exceptions.py do (shapes in lnbits/core/models/payments.py): keys in X-Api-Key,
// amounts in msat with outgoing ones negative, PaymentError as HTTP 520 {detail, status}.
//
// It holds two wallets on one funding source (the FakeNode), each with its own admin and invoice key, as one
// LNbits server does for its users: every payment and invoice belongs to the wallet whose key made it.
// GET /api/v1/payments/{hash} looks the hash up within the wallet of the key given (get_standalone_payment
// with wallet_id): another wallet's payment is 404 "Payment does not exist."; with no key, or a key LNbits
// does not know, the hash is looked up across all wallets and answered without `details`.
// GET /api/v1/wallet answers {name, balance} for either key and adds `id` only for the admin key.
import { lnbitsContract } from "./contracts/lnbits-model";
import { FakeNode, sendJson, serveFake, type FakePayment, type FakeInvoice, type FakeServer } from "./fake-lightning";

export type FakeLnbitsWallet = { id: string; name: string; adminKey: string; invoiceKey: string };

export type FakeLnbits = FakeServer & {
  node: FakeNode;
  /** The first wallet's keys and id (the one tests normally configure). */
  adminKey: string;
  invoiceKey: string;
  walletId: string;
  /** Both wallets: [the first wallet, another wallet on the same server]. */
  wallets: [FakeLnbitsWallet, FakeLnbitsWallet];
  /** Which wallet made each outgoing payment and each invoice, by payment hash. */
  ownerOf: { payments: Map<string, string>; invoices: Map<string, string> };
};

/**
 * `port` lets a test bring "the same LNbits" back on the address it had after taking it down (its wallets'
 * keys are the same in every fake).
 */
export async function startFakeLnbits(node = new FakeNode(), options: { port?: number } = {}): Promise<FakeLnbits> {
  const first: FakeLnbitsWallet = { id: "c".repeat(32), name: "", adminKey: "a".repeat(32), invoiceKey: "b".repeat(32) };
  const second: FakeLnbitsWallet = { id: "f".repeat(32), name: "Another wallet", adminKey: "d".repeat(32), invoiceKey: "e".repeat(32) };
  const wallets: [FakeLnbitsWallet, FakeLnbitsWallet] = [first, second];
  const ownerOf = { payments: new Map<string, string>(), invoices: new Map<string, string>() };
  // The first wallet's name and balance follow the node, so tests can change them there.
  const nameOf = (w: FakeLnbitsWallet) => (w === first ? node.alias : w.name);
  const balanceOf = (w: FakeLnbitsWallet) => (w === first ? Number(node.balanceMsat) : 0);

  const outgoing = (p: FakePayment) => ({
    checking_id: p.hash,
    payment_hash: p.hash,
    wallet_id: ownerOf.payments.get(p.hash) ?? first.id,
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
    wallet_id: ownerOf.invoices.get(i.hash) ?? first.id,
    // LNbits credits the wallet with an incoming payment's `amount` (msat) once it succeeds: what the wallet
    // received. The node's figure once paid (the invoice's amount unless a test has the node receive another).
    amount: Number(i.settled ? i.receivedMsat : i.amountMsat),
    fee: 0,
    bolt11: i.invoice,
    status: i.settled ? "success" : "pending",
    preimage: i.settled ? i.preimage : null,
    memo: i.description,
    time: new Date(i.createdAt * 1000).toISOString(),
    expiry: new Date((i.createdAt + i.expiry) * 1000).toISOString(),
    extra: {},
  });

  const server = await serveFake((req, res, raw) => {
    const key = req.headers["x-api-key"];
    const wallet = wallets.find((w) => w.adminKey === key || w.invoiceKey === key) ?? null;
    const role = !wallet ? null : wallet.adminKey === key ? "admin" : "invoice";
    const url = new URL(req.url ?? "/", "http://fake");

    const status = url.pathname.match(/^\/api\/v1\/payments\/([0-9a-f]{64})$/);
    if (req.method === "GET" && status) {
      const hash = status[1];
      node.lookups.push(hash);
      const visible = (owner: string | undefined) => !wallet || (owner ?? first.id) === wallet.id;
      const out = node.payments.has(hash) && visible(ownerOf.payments.get(hash)) ? node.payments.get(hash) : undefined;
      const inv = node.invoices.has(hash) && visible(ownerOf.invoices.get(hash)) ? node.invoices.get(hash) : undefined;
      if (!out && !inv) return sendJson(res, 404, { detail: "Payment does not exist." });
      const details = out ? outgoing(out) : incoming(inv!);
      const own = wallet !== null && details.wallet_id === wallet.id;
      if (details.status === "success") return sendJson(res, 200, { paid: true, preimage: details.preimage, ...(own ? { details } : {}) });
      if (details.status === "failed") return sendJson(res, 200, { paid: false, status: "failed", ...(own ? { details } : {}) });
      return sendJson(res, 200, own ? { paid: false, status: "pending", preimage: null, details } : { paid: false, preimage: null });
    }

    // lnbits_decorators.py, KeyChecker: no key is 401 "No Api Key provided."; a key no wallet has is 404 "Wallet not found.".
    if (!key) return sendJson(res, 401, { detail: "No Api Key provided." });
    if (!wallet) return sendJson(res, 404, { detail: "Wallet not found." });

    if (req.method === "GET" && url.pathname === "/api/v1/wallet") {
      return sendJson(res, 200, { name: nameOf(wallet), balance: balanceOf(wallet), ...(role === "admin" ? { id: wallet.id } : {}) });
    }

    if (req.method === "POST" && url.pathname === "/api/v1/payments") {
      const body = JSON.parse(raw) as { out?: boolean; amount?: number; unit?: string; memo?: string; expiry?: number; bolt11?: string };
      if (body.out === false) {
        if (body.unit !== "sat" || !Number.isInteger(body.amount)) return sendJson(res, 400, { detail: "amount in sat required" });
        const invoice = node.createInvoice(BigInt(body.amount!) * 1000n, body.memo ?? "", body.expiry ?? 3600);
        ownerOf.invoices.set(invoice.hash, wallet.id);
        return sendJson(res, 201, incoming(invoice));
      }
      if (role !== "admin") return sendJson(res, 403, { detail: "Invoice (or Admin) key required." });
      if (!body.bolt11) return sendJson(res, 400, { detail: "Missing BOLT11 invoice" });
      const { payment, behaviour, repeated } = node.startPayment(body.bolt11);
      // services/payments.py, _verify_external_payment: a hash already paid from this LNbits is a PaymentError
      // (HTTP 520) carrying the first payment's state.
      if (repeated && payment.status === "pending") return sendJson(res, 520, { detail: "Payment is still pending.", status: "pending" });
      if (repeated && payment.status === "succeeded") return sendJson(res, 520, { detail: "Payment already paid.", status: "success" });
      if (repeated) return sendJson(res, 520, { detail: "Payment is failed node, retrying is not possible.", status: "failed" });
      ownerOf.payments.set(payment.hash, wallet.id);
      if (behaviour === "hang") return; // never answered; the payment stays pending
      if (behaviour === "drop") return void req.socket.destroy();
      if (behaviour === "server_error") return sendJson(res, 500, { detail: "Internal Server Error" });
      if (payment.status === "failed") return sendJson(res, 520, { detail: `Payment failed: ${payment.failure}`, status: "failed" });
      return sendJson(res, 201, outgoing(payment));
    }
    return sendJson(res, 404, { detail: "Not Found" });
  }, undefined, options.port, lnbitsContract);
  return { ...server, node, adminKey: first.adminKey, invoiceKey: first.invoiceKey, walletId: first.id, wallets, ownerOf };
}
