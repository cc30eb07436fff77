// What a scanned code is, as the Send payout form previews it before anything is sent.
import type { ScanObject } from "@/lib/lnurl-client/serialize-scan";
import { msatAsSats, utc } from "./format";

const KIND_LABELS: Record<ScanObject["kind"], string> = {
  pay: "Lightning Address / LNURL-pay",
  withdraw: "LNURL-withdraw link",
  auth: "LNURL-auth (sign-in) link",
  invoice: "BOLT 11 invoice",
};

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

export function ScanSummary({ scan, now }: { scan: ScanObject; now: number }) {
  const invoice = scan.invoice;
  return (
    <dl data-testid="scan-summary" className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      <Row term="Kind">{KIND_LABELS[scan.kind]}</Row>
      {scan.domain ? <Row term="Domain">{scan.domain}</Row> : null}
      {scan.lightning_address ? <Row term="Address">{scan.lightning_address}</Row> : null}
      {scan.description ? <Row term="Description">{scan.description}</Row> : null}
      {scan.kind === "pay" || scan.kind === "withdraw" ? (
        <Row term={scan.kind === "pay" ? "Accepts" : "Offers"}>
          {scan.min_msat === scan.max_msat
            ? `exactly ${msatAsSats(scan.min_msat ?? 0)} sats`
            : `${msatAsSats(scan.min_msat ?? 0)} to ${msatAsSats(scan.max_msat ?? 0)} sats`}
        </Row>
      ) : null}
      {invoice ? (
        <>
          <Row term="Amount">{invoice.amount_msat === null ? "Not set: you choose it" : `${msatAsSats(invoice.amount_msat)} sats`}</Row>
          <Row term="Network">{invoice.network}</Row>
          <Row term="Expires">
            {utc(invoice.expires_at)}
            {invoice.expired || invoice.expires_at <= now ? <strong className="ml-2 text-red-700">expired</strong> : null}
          </Row>
          <Row term="Payee">
            <span className="break-all font-mono text-xs">{invoice.payee}</span>
          </Row>
          <Row term="Payment hash">
            <span className="break-all font-mono text-xs">{invoice.payment_hash}</span>
          </Row>
        </>
      ) : null}
    </dl>
  );
}
