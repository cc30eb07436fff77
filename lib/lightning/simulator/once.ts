// Work the simulator needs done once per database rather than once per call (its wallets exist, its node
// key is known). Remembered per connection pool: a process that is pointed at another database (tests give
// every file its own) gets a new pool and does the work again there. A failure is not remembered.
import type pg from "pg";
import { pool } from "../../db";

export function oncePerDatabase<T>(work: () => Promise<T>): () => Promise<T> {
  const done = new WeakMap<pg.Pool, Promise<T>>();
  return () => {
    const key = pool();
    let result = done.get(key);
    if (!result) {
      result = work();
      done.set(key, result);
      result.catch(() => done.delete(key));
    }
    return result;
  };
}
