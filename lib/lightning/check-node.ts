// The start-up check: talk to the configured node and refuse to run when it is on another network than
// LIGHTNING_NETWORK (invoices would be refused, or worse, real money would move where test money was meant),
// or when its credentials do not fit together (LNbits keys of two wallets: see lnbits/check-wallet-keys.ts; a
// phoenixd password that cannot pay: see phoenixd/index.ts).
import { NETWORK_LABEL, type Network } from "../bolt11";
import { BackendError } from "./http";
import type { LightningBackend, NodeInfo } from "./types";

export class NodeCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NodeCheckError";
  }
}

export async function checkLightningNode(backend: LightningBackend, expected: Network): Promise<NodeInfo> {
  let info: NodeInfo;
  try {
    info = await backend.getInfo();
  } catch (error) {
    // The node answered, but the configuration does not fit together: say exactly that, not "cannot talk".
    if (error instanceof BackendError && error.reason === "misconfigured") throw new NodeCheckError(`${error.message} Sluice will not start.`);
    throw new NodeCheckError(`Cannot talk to the Lightning node (LIGHTNING_BACKEND=${backend.kind}): ${(error as Error).message}`);
  }
  if (info.network !== expected) {
    throw new NodeCheckError(
      `The Lightning node (${backend.kind}, ${info.alias || info.pubkey}) is on ${NETWORK_LABEL[info.network]}, but LIGHTNING_NETWORK=${expected} ` +
        `(${NETWORK_LABEL[expected]}). Point Sluice at a node of that network, or set LIGHTNING_NETWORK=${info.network}. Sluice will not start.`,
    );
  }
  return info;
}
