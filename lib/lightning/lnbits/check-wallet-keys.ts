// LNBITS_ADMIN_KEY and LNBITS_INVOICE_KEY must be the two keys of one wallet. LNbits answers a payment
// lookup only within the wallet of the key it is asked with: a payment made with one wallet's admin key is
// "Payment does not exist." to another wallet's invoice key. Keys of two wallets would make Sluice's own
// invoices and balance belong to a wallet it does not pay from, and any lookup through the wrong key read a
// payment in flight as one that was never sent. So start-up proves the pairing, and refuses otherwise.
//
// How: LNbits tells a wallet's id only to its admin key (GET /api/v1/wallet), never to the invoice key, so the
// ids cannot simply be compared. Instead an invoice made with the invoice key is read back with the admin key:
// it is found, with `details` naming the admin key's wallet, only when both keys open the same wallet.
import { BackendError, errorDetail, parseAnswer, requestJson, requireOk, type HttpTarget } from "../http";
import { lnbitsPaymentStatus } from "./shapes";

export type LnbitsWalletSeen = { name: string; id?: string };

// A wallet id opens nothing by itself in LNbits, but the start-up log needs only enough of it to tell wallets apart.
const shortId = (id: string) => `${id.slice(0, 8)}…`;

/** Throws a "misconfigured" BackendError unless the admin key is an admin key of the wallet that made `invoiceHash`. */
export async function checkWalletKeys(payer: HttpTarget, paying: LnbitsWalletSeen, reading: LnbitsWalletSeen, invoiceHash: string): Promise<void> {
  if (!paying.id) {
    throw new BackendError(
      "LNbits",
      "misconfigured",
      "LNBITS_ADMIN_KEY is not the admin key of an LNbits wallet (LNbits tells the wallet id only to the admin key, and only the admin key can pay). " +
        "Copy the Admin key from the wallet's API info in LNbits.",
    );
  }
  const answer = await requestJson(payer, "GET", `api/v1/payments/${encodeURIComponent(invoiceHash)}`);
  let owner: string | undefined;
  if (!(answer.status === 404 && /does not exist/i.test(errorDetail(answer)))) {
    requireOk(payer, answer, "reading back the network-check invoice");
    owner = parseAnswer(payer, lnbitsPaymentStatus, answer.json, "reading back the network-check invoice").details?.wallet_id;
  }
  if (owner !== paying.id) {
    throw new BackendError(
      "LNbits",
      "misconfigured",
      `LNBITS_ADMIN_KEY and LNBITS_INVOICE_KEY belong to two different LNbits wallets: the admin key opens wallet "${paying.name}" ` +
        `(id ${shortId(paying.id)}), the invoice key opens wallet "${reading.name}". Sluice pays with the admin key and must read ` +
        "payments, invoices and the balance of that same wallet: set both variables to the keys of the one wallet Sluice pays from.",
    );
  }
}
