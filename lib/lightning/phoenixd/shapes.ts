// The JSON shapes of the phoenixd answers Sluice reads (ACINQ/phoenixd: json/JsonSerializers.kt, the ApiType
// classes, as Api.kt responds with them). How kotlinx.serialization writes them there:
// - Satoshi and MilliSatoshi are JSON numbers (sats and msat), ByteVector32 / TxId / PublicKey lowercase hex;
// - Api.kt's Json has `explicitNulls = false`: a nullable field that is null is left out, never written null;
// - an answer responded as `ApiType` (the payment lookups) carries the sealed class's discriminator `type`
//   ("incoming_payment", "outgoing_payment"); one responded as its own class (PaymentSent, Balance…) does not.
import { z } from "zod";

// A JSON number beyond 2^53 has already lost digits: refuse it rather than record a wrong amount.
const amount = z.number().int().nonnegative().refine(Number.isSafeInteger);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
const timestampMs = z.number().int();

/** ApiType.Channel (NodeInfo.channels): only `state` for a channel without commitments. */
export const phoenixdChannel = z.object({
  state: z.string(),
  channelId: hash.optional(),
  balanceSat: amount.optional(),
  inboundLiquiditySat: amount.optional(),
  capacitySat: amount.optional(),
  fundingTxId: hash.optional(),
});

/** GET /getinfo: ApiType.NodeInfo. `chain` is NodeParams.chain's name in lower case ("mainnet", "testnet"…). */
export const phoenixdNodeInfo = z.object({
  nodeId: z.string().regex(/^0[23][0-9a-f]{64}$/),
  channels: z.array(phoenixdChannel),
  chain: z.string(),
  blockHeight: z.number().int().optional(),
  version: z.string(),
});

/** GET /getbalance: ApiType.Balance, what the channels can send (sats, rounded down) and the fee credit. */
export const phoenixdBalance = z.object({ balanceSat: amount, feeCreditSat: amount });

/** POST /createinvoice: ApiType.GeneratedInvoice (`amountSat` left out for an invoice without an amount). */
export const phoenixdGeneratedInvoice = z.object({ amountSat: amount.optional(), paymentHash: hash, serialized: z.string().min(1) });

/** POST /payinvoice, paid: ApiType.PaymentSent (HTTP 200). Amounts rounded down to whole sats by phoenixd. */
export const phoenixdPaymentSent = z.object({
  recipientAmountSat: amount,
  routingFeeSat: amount,
  paymentId: z.string().min(1),
  paymentHash: hash,
  paymentPreimage: hash,
});

/** POST /payinvoice, not paid: ApiType.PaymentFailed (HTTP 200 as well). */
export const phoenixdPaymentFailed = z.object({ paymentHash: hash.optional(), offerId: hash.optional(), reason: z.string() });

/** GET /payments/incoming/{paymentHash}: ApiType.IncomingPayment. `receivedSat` is what arrived, after phoenixd's fees. */
export const phoenixdIncomingPayment = z.object({
  type: z.literal("incoming_payment").optional(),
  subType: z.string(),
  paymentHash: hash,
  preimage: hash,
  externalId: z.string().optional(),
  description: z.string().optional(),
  invoice: z.string().optional(),
  isPaid: z.boolean(),
  isExpired: z.boolean(),
  requestedSat: amount.optional(),
  receivedSat: amount,
  fees: amount,
  payerNote: z.string().optional(),
  payerKey: z.string().optional(),
  expiresAt: timestampMs.optional(),
  completedAt: timestampMs.optional(),
  createdAt: timestampMs,
});

/**
 * GET /payments/outgoingbyhash/{paymentHash}: ApiType.OutgoingPayment of the hash's best attempt (succeeded,
 * else pending, else failed). It has no status field: paid is `isPaid`; failed is not paid but completed
 * (`completedAt` set); pending is neither. `fees` is msat; `sent` (amount plus fees) is rounded down to sats.
 */
export const phoenixdOutgoingPayment = z.object({
  type: z.literal("outgoing_payment").optional(),
  subType: z.string(),
  paymentId: z.string(),
  paymentHash: hash.optional(),
  preimage: hash.optional(),
  txId: hash.optional(),
  isPaid: z.boolean(),
  sent: amount,
  fees: amount,
  invoice: z.string().optional(),
  completedAt: timestampMs.optional(),
  createdAt: timestampMs,
});
