import Link from "next/link";

/** What finance users see instead of the webhook settings. */
export function WebhooksNotAllowed({ merchantName }: { merchantName: string }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-8 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
      <p className="text-sm text-slate-700">
        Only owners and admins of {merchantName} can see and change webhook endpoints. Ask one of them if your systems need
        to receive events.
      </p>
      <Link href="/" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
        Back to the overview
      </Link>
    </div>
  );
}
