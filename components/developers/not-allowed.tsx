import Link from "next/link";

/** What finance users see on the developer settings, which are for owners and admins. */
export function NotAllowed({ what, merchant }: { what: string; merchant: string }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-8 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
      <p className="text-sm text-slate-700">
        Only owners and admins of {merchant} can manage {what}. The API reference is open to everyone.
      </p>
      <Link href="/docs/api" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
        Read the API reference
      </Link>
    </div>
  );
}
