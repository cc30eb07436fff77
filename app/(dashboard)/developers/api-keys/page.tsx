import type { Metadata } from "next";
import Link from "next/link";
import { CreateKeyForm } from "@/components/developers/create-key-form";
import { NotAllowed } from "@/components/developers/not-allowed";
import { RevokeKeyButton } from "@/components/developers/revoke-key-button";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { listApiKeys, type ApiKeySummary } from "@/lib/api-keys/manage-api-keys";
import { requireAccount } from "@/lib/web/session";
import { createKeyAction, revokeKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

function KeyRow({ apiKey }: { apiKey: ApiKeySummary }) {
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr className={revoked ? "text-slate-600" : ""} data-testid="api-key">
      <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
        {apiKey.name}
      </th>
      <td className="py-2 pr-3 font-mono text-xs">{apiKey.prefix}…</td>
      <td className="py-2 pr-3">{apiKey.scope === "full" ? "Full access" : "Read-only"}</td>
      <td className="py-2 pr-3 text-xs">
        <When at={apiKey.createdAt} />
      </td>
      <td className="py-2 pr-3 text-xs">
        <When at={apiKey.lastUsedAt} />
      </td>
      <td className="py-2 text-right">
        {revoked ? (
          <span className="text-xs">
            Revoked <When at={apiKey.revokedAt} />
          </span>
        ) : (
          <RevokeKeyButton keyId={apiKey.id} name={apiKey.name} action={revokeKeyAction} />
        )}
      </td>
    </tr>
  );
}

export default async function ApiKeysPage() {
  const account = await requireAccount();
  if (!roleMay(account.user.role, "api_keys.manage")) return <NotAllowed what="API keys" merchant={account.merchant.name} />;
  const keys = await listApiKeys(account);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/developers" className="underline underline-offset-2 hover:text-slate-900">
            Developers
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Secret keys for the REST API (<code>Authorization: Bearer sk_…</code>). Sluice stores only a hash of each key, so a lost key
          cannot be shown again: revoke it and create another. See the{" "}
          <Link href="/docs/api" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
            API reference
          </Link>
          .
        </p>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title={`Keys (${keys.filter((k) => !k.revokedAt).length} active)`} className="min-w-0">
          {keys.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No API keys yet. Create one with the form.</p>
          ) : (
            <div className="relative overflow-x-auto" tabIndex={0}>
              <table className="w-full text-sm">
                <thead className="text-left text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="pb-2 pr-3 font-medium">Name</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Key</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Access</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Created</th>
                    <th scope="col" className="pb-2 pr-3 font-medium">Last used</th>
                    <th scope="col" className="pb-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {keys.map((k) => (
                    <KeyRow key={k.id} apiKey={k} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Create a key">
          <CreateKeyForm action={createKeyAction} />
        </Card>
      </div>
    </div>
  );
}
