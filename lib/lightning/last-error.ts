// The last error this process met talking to the Lightning backend, for the Node page. In memory on purpose:
// it describes this instance's connection to the node, and a restart (which re-checks the node) clears it.
import { BackendError } from "./http";
import type { LightningBackend } from "./types";

export type BackendErrorRecord = { operation: string; message: string; at: Date };

let last: BackendErrorRecord | undefined;
// Set when the last call could not reach the node at all (`at` is that call, `since` the first of the run);
// cleared by the next call that gets an answer.
let unreachable: (BackendErrorRecord & { since: Date }) | undefined;

export function recordBackendError(operation: string, error: unknown): void {
  last = { operation, message: error instanceof Error ? error.message : String(error), at: new Date() };
  if (error instanceof BackendError && error.reason === "unreachable") unreachable = { ...last, since: unreachable?.since ?? last.at };
}

function recordBackendAnswer(): void {
  unreachable = undefined;
}

/** Since when (and why) this process cannot reach the node: its last call was refused before reaching it. */
export function backendUnreachable(): (BackendErrorRecord & { since: Date }) | undefined {
  return unreachable;
}

export function lastBackendError(): BackendErrorRecord | undefined {
  return last;
}

/** The same backend, with every thrown error remembered before it reaches the caller. */
export function recordingErrors(backend: LightningBackend): LightningBackend {
  const wrap =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await call(...args);
        recordBackendAnswer();
        return result;
      } catch (error) {
        if (!(error instanceof BackendError && error.reason === "unreachable")) recordBackendAnswer();
        recordBackendError(operation, error);
        throw error;
      }
    };
  return {
    kind: backend.kind,
    livemode: backend.livemode,
    getInfo: wrap("node info", () => backend.getInfo()),
    createInvoice: wrap("create invoice", (input) => backend.createInvoice(input)),
    payInvoice: wrap("pay invoice", (request) => backend.payInvoice(request)),
    lookupPayment: wrap("look up payment", (hash) => backend.lookupPayment(hash)),
    lookupInvoice: wrap("look up invoice", (hash) => backend.lookupInvoice(hash)),
    getBalance: wrap("channel balance", () => backend.getBalance()),
  };
}
