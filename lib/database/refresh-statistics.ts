// PGlite runs no autovacuum, so nothing refreshes the planner's statistics as tables grow; without them it
// picks poor plans (the withdraws list went from ~10 ms to ~700 ms at a million rows). The background work
// runs this periodically on the embedded database. ANALYZE samples a bounded number of rows per table.
import { db } from "../db";

export async function refreshStatistics(): Promise<void> {
  await db().$executeRaw`ANALYZE`;
}
