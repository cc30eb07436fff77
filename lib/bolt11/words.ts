// Conversions between bech32's 5-bit words, bytes and integers that the bech32 package does not offer: bytes
// from words with the leftover bits dropped whatever they hold (its fromWords refuses non-zero ones, a rule
// BOLT 11 does not make) or zero-filled to a whole byte (the signed message), and wide integers. Bytes to
// words is its toWords.

/**
 * Regroups 5-bit words into bytes. With `pad`, leftover bits are zero-filled into a last byte (how the
 * signed message is built); without, they are dropped (how fixed-size field values are read: a 52-word
 * field carries 256 bits plus 4 bits of padding).
 */
export function wordsToBytes(words: readonly number[], pad: boolean): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const word of words) {
    acc = ((acc << 5) | word) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if (pad && bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

/** Big-endian integer value of a run of words; bigint because fields like `9` can be far wider than 53 bits. */
export function wordsToBigInt(words: readonly number[]): bigint {
  let value = 0n;
  for (const word of words) value = (value << 5n) | BigInt(word);
  return value;
}

/** The shortest big-endian words for a non-negative integer (none for 0), or exactly `length` words. */
export function bigIntToWords(value: bigint, length?: number): number[] {
  if (value < 0n) throw new RangeError("Cannot encode a negative integer.");
  const out: number[] = [];
  let rest = value;
  while (rest > 0n || (length !== undefined && out.length < length)) {
    out.unshift(Number(rest & 31n));
    rest >>= 5n;
  }
  if (length !== undefined && out.length > length) throw new RangeError(`${value} does not fit in ${length} words.`);
  return out;
}
