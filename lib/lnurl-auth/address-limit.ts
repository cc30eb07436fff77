// How many k1s one client address may ask for: a fixed window per address, in this process's memory (N
// instances allow N times as many). The database cap (create-challenge.ts) bounds the table whatever this
// lets through; this keeps one address from using up that cap for everyone.
const WINDOW_MS = 60_000;
export const CHALLENGES_PER_ADDRESS_PER_MINUTE = 30;

const windows = new Map<string, { start: number; count: number }>();

/** Counts one request from the address; false when it has asked too often this minute. */
export function allowChallengeFrom(address: string, now: number = Date.now()): boolean {
  const current = windows.get(address);
  if (!current || now - current.start >= WINDOW_MS) {
    if (windows.size > 10_000) for (const [a, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(a);
    windows.set(address, { start: now, count: 1 });
    return true;
  }
  current.count += 1;
  return current.count <= CHALLENGES_PER_ADDRESS_PER_MINUTE;
}
