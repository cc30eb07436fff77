import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { checkHealth } from "@/lib/health/check-health";
import { env } from "@/lib/env";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const account = await requireAccount();
  const health = await checkHealth(process.env.SLUICE_VERSION ?? "unknown");
  const config = env();
  const firstName = (account.user.name ?? "").split(" ")[0];

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{firstName ? `Welcome, ${firstName}` : "Welcome"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in to <span className="font-medium text-slate-800">{account.merchant.name}</span> as{" "}
          {account.user.email}.
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="This installation">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">Database</dt>
            <dd data-testid="database-kind">
              {health.database.kind === "pglite" ? "Embedded (PGlite)" : "PostgreSQL"}
              {health.database.reachable ? "" : " (unreachable)"}
            </dd>
            <dt className="text-slate-600">Migrations</dt>
            <dd>
              {health.migrations
                ? health.migrations.up_to_date
                  ? `${health.migrations.applied} applied, up to date`
                  : `${health.migrations.pending.length} pending`
                : "unknown"}
            </dd>
            <dt className="text-slate-600">Lightning</dt>
            <dd data-testid="lightning-backend">
              {config.lightning.backend === "simulator" ? "Simulated node" : config.lightning.backend} ({config.lightning.network})
            </dd>
            <dt className="text-slate-600">Public URL</dt>
            <dd className="break-all font-mono text-xs leading-5">{config.publicUrl}</dd>
            <dt className="text-slate-600">Version</dt>
            <dd>{health.version}</dd>
          </dl>
        </Card>
        <Card title="Your account">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">Business</dt>
            <dd>{account.merchant.name}</dd>
            <dt className="text-slate-600">Merchant id</dt>
            <dd className="font-mono text-xs leading-5">{account.merchant.id}</dd>
            <dt className="text-slate-600">Role</dt>
            <dd className="capitalize">{account.user.role}</dd>
          </dl>
        </Card>
      </div>
    </div>
  );
}
