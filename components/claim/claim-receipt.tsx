import type { ClaimReceipt as Receipt } from "@/lib/claims/load-claim";
import { Card } from "@/components/ui/card";
import { displaySats } from "@/lib/money";

/** The paid page: what the customer needs to prove the payment (the preimage is the proof, when the node knows it). */
export function ClaimReceipt({ receipt }: { receipt: Receipt }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-emerald-800">Paid</h2>
      <dl data-testid="claim-receipt" className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600">Amount</dt>
        <dd>{displaySats(receipt.amountMsat)} sats</dd>
        <dt className="text-slate-600">Paid at</dt>
        <dd>
          <time dateTime={receipt.paidAt.toISOString()}>{receipt.paidAt.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}</time>
        </dd>
        <dt className="text-slate-600">Payment hash</dt>
        <dd className="break-all font-mono text-xs leading-5">{receipt.paymentHash}</dd>
        <dt className="text-slate-600">Preimage</dt>
        <dd className="break-all font-mono text-xs leading-5">{receipt.preimage ?? "Not known to this node."}</dd>
      </dl>
    </Card>
  );
}
