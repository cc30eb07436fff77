import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { CreateEndpointForm } from "@/components/webhooks/create-endpoint-form";
import { EndpointStatus } from "@/components/webhooks/delivery-status";
import { EndpointToggle } from "@/components/webhooks/endpoint-toggle";
import { formatTime } from "@/components/balance/format-time";
import { roleMay } from "@/lib/auth/permissions";
import { EVENT_TYPES } from "@/lib/events/record-event";
import { listWebhookEndpoints } from "@/lib/webhooks/list-endpoints";
import { requireAccount } from "@/lib/web/session";
import { createEndpointAction, setEndpointEnabledAction } from "./actions";
import { WebhooksNotAllowed } from "@/components/webhooks/not-allowed";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const account = await requireAccount();
  if (!roleMay(account.user.role, "webhooks.manage")) return <WebhooksNotAllowed merchantName={account.merchant.name} />;
  const endpoints = await listWebhookEndpoints(account.merchant.id);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Sluice sends a signed POST to each enabled endpoint when a withdraw is paid, expires, is cancelled or a payment
          fails, and retries for about three days until your server answers with a 2xx. See{" "}
          <Link href="/docs/api#webhooks" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
            Webhooks in the API reference
          </Link>{" "}
          for the body and how to verify the <code>Sluice-Signature</code> header, and “Webhooks” in Sluice&apos;s docs/using.md
          for every header and the retry schedule.
        </p>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_24rem]">
        <Card title={`Endpoints (${endpoints.length})`}>
          {endpoints.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
              No endpoints yet. Add the URL of your server with the form.
            </p>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="Endpoints">
              {endpoints.map((e) => (
                <li key={e.id} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between" data-testid="webhook-endpoint">
                  <div className="min-w-0 space-y-1">
                    <p className="flex flex-wrap items-center gap-2">
                      <Link href={`/developers/webhooks/${e.id}`} className="break-all font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
                        {e.url}
                      </Link>
                      <EndpointStatus enabled={e.enabled} />
                    </p>
                    {e.description ? <p className="text-sm text-slate-700">{e.description}</p> : null}
                    <p className="text-xs text-slate-600">
                      {e.events.join(", ")} · added <time dateTime={e.createdAt.toISOString()}>{formatTime(e.createdAt)}</time>
                    </p>
                  </div>
                  <EndpointToggle id={e.id} url={e.url} enabled={e.enabled} action={setEndpointEnabledAction} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Add an endpoint">
          <CreateEndpointForm action={createEndpointAction} events={EVENT_TYPES} />
        </Card>
      </div>
    </div>
  );
}
