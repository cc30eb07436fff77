// The last error this process met talking to the Lightning backend, for the Node page. In memory on purpose:
// it describes this instance's connection to the node, and a restart (which re-checks the node) clears it.
import type { LightningBackend } from "./types";

export type BackendErrorRecord = { operation: string; message: string; at: Date };

let last: BackendErrorRecord | undefined;

export function recordBackendError(operation: string, error: unknown): void {
  last = { operation, message: error instanceof Error ? error.message : String(error), at: new Date() };
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
        return await call(...args);
      } catch (error) {
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
