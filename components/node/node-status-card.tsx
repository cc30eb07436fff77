import { formatTime } from "@/components/balance/format-time";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Sats } from "@/components/ui/sats";
import { NETWORK_LABEL } from "@/lib/bolt11";
import type { NodeHealth, NodeStatus } from "@/lib/lightning/read-node-status";
import type { BackendKind } from "@/lib/lightning/types";

const BACKEND_LABELS = {
  simulator: "Simulated node (built in)",
  lnd: "LND (REST)",
  cln: "Core Lightning (CLNRest)",
  lnbits: "LNbits wallet",
  phoenixd: "phoenixd (HTTP API)",
  nwc: "Nostr Wallet Connect (NIP-47)",
} as const satisfies Record<BackendKind, string>;

/** Why a backend's version is not shown: its API does not report one (NodeInfo.version is null). */
const NO_VERSION = {
  simulator: "not set (run from source)",
  lnd: "not reported by the node",
  cln: "not reported by the node",
  lnbits: "not reported (LNbits' wallet API does not give it)",
  phoenixd: "not reported by the node",
  nwc: "not reported (NIP-47's get_info has no version)",
} as const satisfies Record<BackendKind, string>;

const HEALTH: Record<NodeHealth, { label: string; className: string }> = {
  healthy: { label: "Healthy", className: "bg-emerald-100 text-emerald-900" },
  wrong_network: { label: "Wrong network", className: "bg-red-100 text-red-900" },
  unauthorized: { label: "Credentials refused", className: "bg-red-100 text-red-900" },
  misconfigured: { label: "Credentials do not fit together", className: "bg-red-100 text-red-900" },
  unreachable: { label: "Unreachable", className: "bg-red-100 text-red-900" },
};

/** The Lightning node as this instance sees it right now. */
export function NodeStatusCard({ status }: { status: NodeStatus }) {
  const health = HEALTH[status.health];
  return (
    <div className="space-y-6">
      {status.problem ? <Alert tone="error">{status.problem}</Alert> : null}
      <Card title="Node">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">Health</dt>
          <dd>
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${health.className}`} data-testid="node-health">
              {health.label}
            </span>
            {status.latencyMs !== null ? <span className="ml-2 text-xs text-slate-600">answered in {status.latencyMs} ms</span> : null}
          </dd>
          <dt className="text-slate-600">Backend</dt>
          <dd data-testid="node-backend">{BACKEND_LABELS[status.backend]}</dd>
          <dt className="text-slate-600">Version</dt>
          <dd data-testid="node-version">{status.node ? (status.node.version ?? <span className="text-slate-600">{NO_VERSION[status.backend]}</span>) : "—"}</dd>
          <dt className="text-slate-600">Network</dt>
          <dd data-testid="node-network">
            {status.node ? NETWORK_LABEL[status.node.network] : "unknown"}
            <span className="text-slate-600"> (configured: {NETWORK_LABEL[status.configuredNetwork]})</span>
          </dd>
          <dt className="text-slate-600">Alias</dt>
          <dd>{status.node?.alias || "—"}</dd>
          <dt className="text-slate-600">Public key</dt>
          <dd className="break-all font-mono text-xs leading-5" data-testid="node-pubkey">
            {status.node?.pubkey ?? "—"}
          </dd>
          <dt className="text-slate-600">Channel balance</dt>
          <dd data-testid="node-balance">{status.channelBalanceMsat !== null ? <Sats msat={status.channelBalanceMsat} /> : "—"}</dd>
          <dt className="text-slate-600">Live money</dt>
          <dd>{status.node?.livemode ? "Yes: payouts move real bitcoin" : "No: test network or simulator"}</dd>
        </dl>
      </Card>
      <Card title="Last error">
        {status.lastError ? (
          <p className="text-sm" data-testid="node-last-error">
            <time dateTime={status.lastError.at.toISOString()}>{formatTime(status.lastError.at)}</time>, {status.lastError.operation}:{" "}
            <span className="break-words text-slate-800">{status.lastError.message}</span>
          </p>
        ) : (
          <p className="text-sm text-slate-600">None since this server started.</p>
        )}
      </Card>
    </div>
  );
}
