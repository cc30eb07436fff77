import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { roleMay } from "@/lib/auth/permissions";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Developers" };

function Entry({ href, title, children }: { href: string; title: string; children: React.ReactNode }) {
  return (
    <Card>
      <h2 className="text-base font-semibold">
        <Link href={href} className="text-brand-700 underline-offset-2 hover:text-brand-900 hover:underline">
          {title}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-slate-700">{children}</p>
    </Card>
  );
}

export default async function DevelopersPage() {
  const account = await requireAccount();
  const manager = roleMay(account.user.role, "api_keys.manage");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Developers</h1>
        <p className="mt-1 text-sm text-slate-600">Build your payout flow on Sluice&apos;s REST API and webhooks.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Entry href="/docs/api" title="API reference">
          Every route with its parameters, objects and errors, curl examples, idempotency, pagination, rate limits and webhook signatures.
          The machine-readable OpenAPI 3.1 document is at <code>/api/v1/openapi.json</code>.
        </Entry>
        {manager ? (
          <>
            <Entry href="/developers/api-keys" title="API keys">
              Create full-access or read-only secret keys, see when each was last used, revoke them.
            </Entry>
            <Entry href="/developers/webhooks" title="Webhooks">
              Endpoints that receive signed events when a withdraw is paid, expires, is cancelled or its payment fails; delivery attempts and
              resend.
            </Entry>
          </>
        ) : null}
        {roleMay(account.user.role, "lnurlauth.read") ? (
          <Entry href="/developers/lnurl-auth" title="Services signed in to">
            Sign in to services that offer LNURL-auth as this merchant, with one key per domain, and see where Sluice has signed in.
          </Entry>
        ) : null}
      </div>
    </div>
  );
}
