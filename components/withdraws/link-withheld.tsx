// What a user whose role may not receive live withdraw links sees where the QR, links or vouchers would be.
// A live link is a bearer capability to money: whoever holds it can take the amount.
export function LinkWithheld({ what = "this withdraw's link and QR code are" }: { what?: string }) {
  return (
    <div role="note" data-testid="link-withheld" className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700">
      <p className="font-medium text-slate-900">Link not shown</p>
      <p className="mt-1">
        Your role is read-only, so {what} not shown: a live withdraw link is money, and only owners and admins may see it.
      </p>
    </div>
  );
}
