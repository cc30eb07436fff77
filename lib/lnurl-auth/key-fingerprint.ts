// A linking key is 66 hexadecimal characters: too long to compare by eye. The page shows its start and end
// in groups of four, enough to tell the account holder's wallet from one that scanned the code before it.

/** "02ab cdef 0123 … 89ab cdef" for a compressed public key in hex. */
export function keyFingerprint(linkingKey: string): string {
  const key = linkingKey.toLowerCase();
  const groups = (hex: string) => hex.match(/.{1,4}/g)!.join(" ");
  return `${groups(key.slice(0, 12))} … ${groups(key.slice(-8))}`;
}
