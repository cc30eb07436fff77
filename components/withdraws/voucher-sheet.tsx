import { QrCode } from "@/components/ui/qr-code";
import { satsOffered } from "@/lib/withdraws/sats-offered";
import { isGrant, type LinkAccess } from "@/lib/withdraws/link-access";
import type { MerchantWithdraw } from "@/lib/withdraws/merchant-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { LinkWithheld } from "./link-withheld";
import type { VoucherQr } from "./voucher-qr-choice";

/**
 * The printable QR vouchers of unpaid withdraws, two a row on paper (the vouchers page and batch pages). A
 * voucher is a live link on paper, so a user without a link grant (their role may not receive links) gets the notice instead. Its QR is the
 * LNURL (a wallet scans it) or, as the merchant chooses, the claim page (a phone's camera opens it; the page
 * offers the LNURL and the other ways to be paid).
 */
export function VoucherSheet({ rows, now, access, qr = "lnurl" }: { rows: MerchantWithdraw[]; now: Date; access: LinkAccess; qr?: VoucherQr }) {
  if (!isGrant(access)) return <LinkWithheld what="vouchers (each one a live link) are" />;
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 print:grid-cols-2 print:gap-3">
      {rows.map((row) => {
        const w = serializeWithdraw(row, access, now);
        const { withdraw_request: lnurl, claim_url: claimUrl } = w.withdraw_methods_options.lnurl;
        return (
          <li
            key={w.id}
            data-testid="voucher"
            className="flex break-inside-avoid items-center gap-4 rounded-lg border-2 border-dashed border-slate-300 bg-white p-4 print:rounded-none"
          >
            <QrCode
              value={qr === "claim" ? `${claimUrl}` : `LIGHTNING:${lnurl}`}
              label={`QR code of a voucher for ${satsOffered(row)} (${qr === "claim" ? "opens the claim page" : "LNURL-withdraw"})`}
              className="aspect-square w-36 shrink-0 print:w-[38mm]"
            />
            <div className="min-w-0 space-y-1">
              <p className="text-xl font-bold text-slate-900">{satsOffered(row)}</p>
              {w.currency !== "SATS" ? <p className="text-sm text-slate-700">{w.amount} {w.currency}</p> : null}
              {w.statement_descriptor ? <p className="text-sm text-slate-800">{w.statement_descriptor}</p> : null}
              <p className="text-xs text-slate-600">
                {qr === "claim" ? "Scan with your phone's camera to claim (any wallet)." : "Scan with a Lightning wallet to claim."}
              </p>
              <p className="text-xs text-slate-600">Valid until {new Date(w.expires_at).toISOString().slice(0, 16).replace("T", " ")} UTC</p>
              <p className="break-all font-mono text-[10px] text-slate-500">{w.id}</p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
