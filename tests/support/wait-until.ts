import { inspect } from "node:util";

/**
 * Reads until `done` holds and returns that value. A test waits for the state it means, never for a
 * time: past the deadline it fails, naming what it waited for and what it saw last.
 */
export async function waitUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, seconds: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${seconds} s for ${what}; last seen: ${inspect(value, { depth: 3 })}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
