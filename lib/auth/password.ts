// Passwords are hashed with scrypt (memory-hard, built into Node): N=2^15, r=8, p=1 uses 32 MiB per hash.
// Format: scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>, so parameters can be raised later.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

// A flood of sign-ins must not starve the server: at most this many hashes run at once in a process (each
// holds 32 MiB and a libuv thread, of which Node has 4 for all file and DNS work too), and at most QUEUE_LIMIT
// wait; beyond that a request is refused at once instead of piling up memory. This guards this process's own
// CPU and memory, so it stays per process on purpose; it is not a rate limit (password guessing is counted
// across all instances by the sign-in throttles, sign-in-throttle.ts).
const CONCURRENT_HASHES = 2;
const QUEUE_LIMIT = 32;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENT_HASHES) {
    if (waiting.length >= QUEUE_LIMIT) {
      throw new AppError("rate_limited", "Sluice is busy checking other sign-ins. Try again in a few seconds.");
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` stays counted for it.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  return withHashSlot(() => deriveNow(password, salt, logN, r, p));
}

function deriveNow(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return ["scrypt", LOG_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Verifying against this when the account does not exist keeps the answer time the same either way,
// so the sign-in form does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
