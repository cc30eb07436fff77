// The one interface every Lightning backend implements. Outcomes are explicit: a payment either definitely
// succeeded, definitely failed, or is still in flight / unknown; only the first two may change money.
import type { Network } from "../bolt11";

export type BackendKind = "simulator" | "lnd" | "cln" | "lnbits" | "phoenixd" | "nwc";

/**
 * What a node says about itself. `version` is the node software's release as the node reports it (LND's and Core
 * Lightning's getinfo `version`, phoenixd's NodeInfo `version`, the simulator's: Sluice's own); null where the
 * node's API gives none (LNbits' wallet API, NIP-47's get_info).
 */
export type NodeInfo = { backend: BackendKind; network: Network; pubkey: string; alias: string; version: string | null; livemode: boolean };

export type PaymentOutcome =
  | { status: "succeeded"; preimage: string | null; feeMsat: bigint }
  | { status: "failed"; reason: string }
  | { status: "in_flight" };

export type PaymentLookup = PaymentOutcome | { status: "not_found" };

export type CreatedInvoice = { invoice: string; paymentHash: string; expiresAt: Date };

/**
 * What a node knows of one of its own invoices: paid or not, the amount it asks (null: any amount), and what
 * the node reports it really received for it (0 until paid). Money is credited from `receivedMsat` only.
 */
export type InvoiceLookup = { settled: boolean; amountMsat: bigint | null; receivedMsat: bigint };

export type PayRequest = {
  invoice: string;
  paymentHash: string;
  amountMsat: bigint;
  feeLimitMsat: bigint;
  timeoutSeconds: number;
};

export interface LightningBackend {
  readonly kind: BackendKind;
  readonly livemode: boolean;
  getInfo(): Promise<NodeInfo>;
  createInvoice(input: { amountMsat: bigint; description: string; expirySeconds: number }): Promise<CreatedInvoice>;
  /**
   * Pays an invoice at most once per payment hash. Resolves with the outcome known when the call ends
   * ("in_flight" when the timeout passed first); throws when the backend could not be asked at all, which
   * callers must treat as an unknown outcome, never as a failure.
   */
  payInvoice(request: PayRequest): Promise<PaymentOutcome>;
  lookupPayment(paymentHash: string): Promise<PaymentLookup>;
  lookupInvoice(paymentHash: string): Promise<InvoiceLookup | null>;
  getBalance(): Promise<{ msat: bigint }>;
}
