import type { Metadata } from "next";
import Link from "next/link";
import { ServiceSignInForm } from "@/components/lnurl-auth-client/sign-in-form";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { listSignedInServices, type SignedInService } from "@/lib/lnurl-auth-client/signed-in-services";
import { requirePermission } from "@/lib/web/session";
import { signInToServiceAction } from "./actions";

export const metadata: Metadata = { title: "Services signed in to" };

function ServiceRow({ service }: { service: SignedInService }) {
  return (
    <tr data-testid="signed-in-service">
      <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
        {service.domain}
      </th>
      <td className="py-2 pr-3 font-mono text-xs" title={service.linkingKey}>
        {keyFingerprint(service.linkingKey)}
      </td>
      <td className="py-2 pr-3 text-xs">
        <When at={service.lastSignedInAt} />
      </td>
      <td className="py-2 text-xs">
        {service.lastStatus === "ok" ? "Signed in" : <span className="text-red-800">Failed: {service.lastError}</span>} <When at={service.lastAttemptAt} />
        <span className="text-slate-600"> · {service.attempts === 1 ? "1 attempt" : `${service.attempts} attempts`}</span>
      </td>
    </tr>
  );
}

export default async function LnurlAuthServicesPage() {
  const account = await requirePermission("lnurlauth.read");
  const services = await listSignedInServices(account.merchant.id);
  const maySign = roleMay(account.user.role, "lnurlauth.sign");
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/developers" className="underline underline-offset-2 hover:text-slate-900">
            Developers
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">Services signed in to</h1>
        <p className="mt-1 text-sm text-slate-600">
          Sluice signs in to services that offer &ldquo;log in with Lightning&rdquo; (LNURL-auth) as {account.merchant.name}, with one key per
          domain: the same domain always sees the same key, and no two services can tell they see the same merchant. Over the API:{" "}
          <code>POST /api/v1/lnurlauth</code>.
        </p>
      </div>
      <div className={`grid items-start gap-6 ${maySign ? "lg:grid-cols-[1fr_22rem]" : ""}`}>
        <Card title={`Services (${services.length})`} className="min-w-0">
          {services.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">Not signed in anywhere yet.</p>
          ) : (
            <div className="relative overflow-x-auto" tabIndex={0}>
              <table className="w-full text-sm">
                <thead className="text-left text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="pb-2 pr-3 font-medium">Domain</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Linking key</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Last signed in</th>
                    <th scope="col" className="pb-2 font-medium">Last attempt</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {services.map((s) => (
                    <ServiceRow key={s.domain} service={s} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        {maySign ? (
          <Card title="Sign in to a service">
            <ServiceSignInForm action={signInToServiceAction} />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
