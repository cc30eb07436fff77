import Link from "next/link";

/** What a voucher's QR opens: the LNURL (a Lightning wallet scans it) or the claim page (any phone camera opens it). */
export type VoucherQr = "lnurl" | "claim";

export function voucherQrOf(value: string | string[] | undefined): VoucherQr {
  return value === "claim" ? "claim" : "lnurl";
}

/** The choice as two links that keep the rest of the page's query (the selected withdraws). */
export function VoucherQrChoice({ current, query }: { current: VoucherQr; query: URLSearchParams }) {
  const href = (qr: VoucherQr) => {
    const next = new URLSearchParams(query);
    next.set("qr", qr);
    return `?${next.toString()}`;
  };
  const option = (qr: VoucherQr, label: string) => (
    <Link
      href={href(qr)}
      aria-current={current === qr ? "true" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${current === qr ? "bg-brand-600 text-white" : "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="What the QR codes open" className="flex flex-wrap items-center gap-2 print:hidden">
      <span className="text-sm text-slate-700">QR codes open:</span>
      {option("lnurl", "A Lightning wallet (LNURL)")}
      {option("claim", "The claim page (any phone camera)")}
    </nav>
  );
}
