// What a BOLT 11 signature commits to.
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { wordsToBytes } from "./words";

/**
 * sha256 of the human-readable part as UTF-8 followed by the data part before the signature, regrouped
 * into bytes with zero bits appended to reach a byte boundary.
 */
export function signingHash(hrp: string, dataWords: readonly number[]): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(hrp), wordsToBytes(dataWords, true)));
}
