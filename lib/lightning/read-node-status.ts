// What the Node page shows: the configured backend and network, what the node says about itself, its channel
// balance, whether it is healthy, and the last error this instance met. Asks the node afresh on every call.
import type { Network } from "../bolt11";
import { env } from "../env";
import { lightning } from "./backend";
import { BackendError } from "./http";
import { lastBackendError, type BackendErrorRecord } from "./last-error";
import type { BackendKind, NodeInfo } from "./types";

export type NodeHealth = "healthy" | "wrong_network" | "unauthorized" | "misconfigured" | "unreachable";

export type NodeStatus = {
  backend: BackendKind;
  configuredNetwork: Network;
  node: NodeInfo | null;
  channelBalanceMsat: bigint | null;
  health: NodeHealth;
  latencyMs: number | null;
  problem: string | null;
  lastError: BackendErrorRecord | null;
};

export async function readNodeStatus(backend = lightning(), configuredNetwork: Network = env().lightning.network): Promise<NodeStatus> {
  const started = performance.now();
  const base = { backend: backend.kind, configuredNetwork };
  try {
    const [node, balance] = await Promise.all([backend.getInfo(), backend.getBalance()]);
    const latencyMs = Math.round(performance.now() - started);
    const wrongNetwork = node.network !== configuredNetwork;
    return {
      ...base,
      node,
      channelBalanceMsat: balance.msat,
      health: wrongNetwork ? "wrong_network" : "healthy",
      latencyMs,
      problem: wrongNetwork ? `The node is on ${node.network}, but LIGHTNING_NETWORK=${configuredNetwork}.` : null,
      lastError: lastBackendError() ?? null,
    };
  } catch (error) {
    const reason = error instanceof BackendError ? error.reason : null;
    return {
      ...base,
      node: null,
      channelBalanceMsat: null,
      health: reason === "unauthorized" ? "unauthorized" : reason === "misconfigured" ? "misconfigured" : "unreachable",
      latencyMs: null,
      problem: error instanceof Error ? error.message : String(error),
      lastError: lastBackendError() ?? null,
    };
  }
}
