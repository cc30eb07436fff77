// Shared shapes of the BOLT 11 module: networks, the decoded invoice, and the one error type.

export type Network = "bitcoin" | "testnet" | "signet" | "regtest";

export const NETWORK_PREFIX: Record<Network, string> = {
  bitcoin: "lnbc",
  testnet: "lntb",
  signet: "lntbs",
  regtest: "lnbcrt",
};

// How a network is named to a person reading an error message.
export const NETWORK_LABEL: Record<Network, string> = {
  bitcoin: "Bitcoin mainnet",
  testnet: "testnet",
  signet: "signet",
  regtest: "regtest",
};

export type DecodedInvoice = {
  /** The invoice in lower case, as it was signed. */
  invoice: string;
  network: Network;
  /** Null when the invoice lets the payer choose the amount. */
  amountMsat: bigint | null;
  /** 32 bytes, hex. */
  paymentHash: string;
  /** 32 bytes, hex. */
  paymentSecret: string;
  description: string | null;
  /** 32 bytes, hex. */
  descriptionHash: string | null;
  /** 33-byte compressed public key, hex: from the `n` field, or recovered from the signature. */
  payeePubkey: string;
  /** Unix seconds. */
  timestamp: number;
  expirySeconds: number;
  /** Unix seconds: timestamp + expirySeconds. */
  expiresAt: number;
  minFinalCltvExpiry: number;
  /** The `9` field as one big-endian bit vector (bit 0 is the least significant); null when absent. */
  features: bigint | null;
  /** 64 bytes r || s, hex (the recovery id is not included). */
  signature: string;
};

export type InvoiceErrorCode =
  | "malformed"
  | "bad_checksum"
  | "unknown_network"
  | "bad_amount"
  | "bad_signature"
  | "missing_field"
  | "bad_field"
  | "unknown_required_feature"
  | "wrong_network"
  | "amount_missing"
  | "amount_out_of_range"
  | "amount_mismatch"
  | "expired"
  | "expires_too_soon";

/**
 * A refused invoice. `message` is short and written for the wallet user who supplied the invoice. Not an
 * AppError: `code` is the check's reason, which callers branch on, and every caller turns it into the AppError
 * of its own context (a wallet's lnurl_refused, a payout's validation_error), so none reaches a surface as it is.
 */
export class InvoiceError extends Error {
  constructor(
    readonly code: InvoiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "InvoiceError";
  }
}

export function isInvoiceError(error: unknown): error is InvoiceError {
  return error instanceof InvoiceError;
}
