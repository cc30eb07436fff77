// BOLT 11 writer: builds and signs an invoice the way LND and Core Lightning do.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { bech32 } from "bech32";
import { DEFAULT_INVOICE_FEATURES } from "./features";
import { formatAmount } from "./hrp";
import { signingHash } from "./signing-hash";
import { TAG } from "./tags";
import { NETWORK_PREFIX, type Network } from "./types";
import { bigIntToWords } from "./words";

export type InvoiceInput = {
  network: Network;
  /** Omitted or null: the payer chooses the amount. */
  amountMsat?: bigint | null;
  /** 32 bytes, hex. */
  paymentHash: string;
  /** 32 bytes, hex. */
  paymentSecret: string;
  description?: string;
  /** 32 bytes, hex; instead of `description`. */
  descriptionHash?: string;
  /** Omitted: the field is left out and readers use the default of 3600. */
  expirySeconds?: number;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Omitted: the field is left out and readers use the default of 18. */
  minFinalCltvExpiry?: number;
  /** Include the payee's public key as the `n` field, sparing the reader signature recovery. */
  payeeNodeKey?: boolean;
};

// A data_length is 10 bits, so no single field may exceed 1023 words (639 bytes of description).
const MAX_FIELD_WORDS = 1023;
const MAX_TIMESTAMP = 2 ** 35 - 1;

export function signInvoice(input: InvoiceInput, privateKey: Uint8Array): string {
  if (!secp256k1.utils.isValidSecretKey(privateKey)) throw new TypeError("The private key is not a valid secp256k1 key.");
  if (input.description !== undefined && input.descriptionHash !== undefined) {
    throw new TypeError("Give either a description or a description hash, not both.");
  }

  const hrp = NETWORK_PREFIX[input.network] + (input.amountMsat == null ? "" : formatAmount(input.amountMsat));
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new RangeError(`The timestamp must be a whole number of seconds in [0, 2^35), got ${timestamp}.`);
  }

  const words: number[] = bigIntToWords(BigInt(timestamp), 7);
  const field = (tag: number, value: number[]) => {
    if (value.length > MAX_FIELD_WORDS) throw new RangeError(`Invoice field ${tag} is too long.`);
    words.push(tag, value.length >> 5, value.length & 31, ...value);
  };

  field(TAG.p, bech32.toWords(fixedHex(input.paymentHash, 32, "paymentHash")));
  field(TAG.s, bech32.toWords(fixedHex(input.paymentSecret, 32, "paymentSecret")));
  // A writer must include exactly one of `d` and `h`; an empty description is still a description.
  if (input.descriptionHash !== undefined) {
    field(TAG.h, bech32.toWords(fixedHex(input.descriptionHash, 32, "descriptionHash")));
  } else {
    field(TAG.d, bech32.toWords(utf8ToBytes(input.description ?? "")));
  }
  if (input.payeeNodeKey) field(TAG.n, bech32.toWords(secp256k1.getPublicKey(privateKey, true)));
  if (input.expirySeconds !== undefined) field(TAG.x, bigIntToWords(wholeNumber(input.expirySeconds, "expirySeconds")));
  if (input.minFinalCltvExpiry !== undefined) {
    field(TAG.c, bigIntToWords(wholeNumber(input.minFinalCltvExpiry, "minFinalCltvExpiry")));
  }
  field(TAG.features, bigIntToWords(DEFAULT_INVOICE_FEATURES));

  // noble's "recovered" layout is recovery id || r || s; BOLT 11 puts the recovery id last.
  const signed = secp256k1.sign(signingHash(hrp, words), privateKey, { prehash: false, lowS: true, format: "recovered" });
  const signature = new Uint8Array(65);
  signature.set(signed.subarray(1), 0);
  signature[64] = signed[0];

  return bech32.encode(hrp, [...words, ...bech32.toWords(signature)], Number.MAX_SAFE_INTEGER);
}

function fixedHex(hex: string, bytes: number, name: string): Uint8Array {
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(hex)) throw new TypeError(`${name} must be ${bytes} bytes of hex.`);
  return hexToBytes(hex.toLowerCase());
}

function wholeNumber(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${value}.`);
  return BigInt(value);
}
