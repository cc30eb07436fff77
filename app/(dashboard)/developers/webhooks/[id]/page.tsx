import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/components/balance/format-time";
import { Card } from "@/components/ui/card";
import { DeliveryList } from "@/components/webhooks/delivery-list";
import { EndpointStatus } from "@/components/webhooks/delivery-status";
import { EndpointToggle } from "@/components/webhooks/endpoint-toggle";
import { LiveRefresh } from "@/components/withdraws/live-refresh";
import { roleMay } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { getWebhookEndpoint } from "@/lib/webhooks/get-endpoint";
import { requireAccount } from "@/lib/web/session";
import { resendDeliveryAction, setEndpointEnabledAction } from "../actions";
import { WebhooksNotAllowed } from "@/components/webhooks/not-allowed";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const account = await requireAccount();
  if (!roleMay(account.user.role, "webhooks.manage")) return <WebhooksNotAllowed merchantName={account.merchant.name} />;
  const endpoint = await getWebhookEndpoint(account.merchant.id, id).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "validation_error")) notFound();
    throw error;
  });
  const retrying = endpoint.deliveries.some((d) => d.status === "pending");

  return (
    <div className="space-y-6">
      <LiveRefresh active={retrying} everyMs={5000} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <Link href="/developers/webhooks" className="text-sm text-brand-700 hover:underline">
            ← Webhooks
          </Link>
          <h1 className="mt-2 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
            Webhook endpoint <EndpointStatus enabled={endpoint.enabled} />
          </h1>
          <p className="mt-1 break-all font-mono text-sm text-slate-800">{endpoint.url}</p>
          {endpoint.description ? <p className="mt-1 text-sm text-slate-700">{endpoint.description}</p> : null}
          <p className="mt-1 text-xs text-slate-600">
            {endpoint.events.join(", ")} · added <time dateTime={endpoint.createdAt.toISOString()}>{formatTime(endpoint.createdAt)}</time>
            {endpoint.disabledAt ? <> · disabled <time dateTime={endpoint.disabledAt.toISOString()}>{formatTime(endpoint.disabledAt)}</time></> : null}
          </p>
        </div>
        <EndpointToggle id={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} action={setEndpointEnabledAction} />
      </div>
      <Card title={`Recent deliveries (${endpoint.deliveries.length})`}>
        <DeliveryList deliveries={endpoint.deliveries} resend={resendDeliveryAction} />
      </Card>
    </div>
  );
}
