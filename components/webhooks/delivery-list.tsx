import Link from "next/link";
import { formatTime } from "@/components/balance/format-time";
import type { WebhookEndpointDetail } from "@/lib/webhooks/get-endpoint";
import { DeliveryStatus } from "./delivery-status";
import type { WebhookAction } from "./form-state";
import { ResendButton } from "./resend-button";

type Delivery = WebhookEndpointDetail["deliveries"][number];

function Attempts({ delivery }: { delivery: Delivery }) {
  if (delivery.attemptsLog.length === 0) return <p className="text-xs text-slate-600">No attempt yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">Attempts of {delivery.event.type} {delivery.event.id}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Time</th>
            <th scope="col" className="py-1 pr-3 font-medium">Status code</th>
            <th scope="col" className="py-1 pr-3 font-medium">Latency</th>
            <th scope="col" className="py-1 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {delivery.attemptsLog.map((a) => (
            <tr key={a.id} data-testid="webhook-attempt">
              <td className="whitespace-nowrap py-1 pr-3">
                <time dateTime={a.startedAt.toISOString()}>{formatTime(a.startedAt)}</time>
                {a.manual ? <span className="ml-1 text-slate-600">(resent)</span> : null}
              </td>
              <td className={`py-1 pr-3 font-mono ${a.statusCode !== null && a.statusCode < 300 ? "text-emerald-800" : "text-red-700"}`}>
                {a.statusCode ?? "none"}
              </td>
              <td className="whitespace-nowrap py-1 pr-3">{a.latencyMs} ms</td>
              <td className="py-1 text-slate-700">{a.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DeliveryList({ deliveries, resend }: { deliveries: Delivery[]; resend: WebhookAction }) {
  if (deliveries.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
        No deliveries yet. Each new event this endpoint subscribes to appears here within a few seconds.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-200" aria-label="Deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className="space-y-2 py-4 first:pt-0 last:pb-0" data-testid="webhook-delivery">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="min-w-0 space-y-0.5">
              <p className="flex flex-wrap items-center gap-2">
                <code className="text-sm font-medium text-slate-900">{d.event.type}</code>
                <DeliveryStatus status={d.status} attempts={d.attempts} />
              </p>
              <p className="font-mono text-xs text-slate-600">
                {d.event.id}
                {d.event.withdrawId ? (
                  <>
                    {" · "}
                    <Link href={`/withdraws/${d.event.withdrawId}`} className="text-brand-700 underline underline-offset-2 hover:text-brand-900">
                      {d.event.withdrawId}
                    </Link>
                  </>
                ) : null}
                {d.event.payoutId ? (
                  <>
                    {" · "}
                    <Link href={`/payouts/${d.event.payoutId}`} className="text-brand-700 underline underline-offset-2 hover:text-brand-900">
                      {d.event.payoutId}
                    </Link>
                  </>
                ) : null}
              </p>
              {d.status === "pending" && d.nextAttemptAt ? (
                <p className="text-xs text-slate-700">
                  Next try <time dateTime={d.nextAttemptAt.toISOString()}>{formatTime(d.nextAttemptAt)}</time>
                </p>
              ) : null}
            </div>
            <ResendButton deliveryId={d.id} label={`${d.event.type} ${d.event.id}`} action={resend} />
          </div>
          <Attempts delivery={d} />
        </li>
      ))}
    </ul>
  );
}
