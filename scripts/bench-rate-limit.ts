// `npx tsx scripts/bench-rate-limit.ts [--checks N]`: times the shared rate limiter (lib/rate-limits) on whatever
// database is configured (DATABASE_URL, else the embedded server of SLUICE_DATA_DIR, migrated first): N
// sequential checks with one bucket, with both REST buckets in one statement, and with the two as two
// statements; then one hot bucket taken by 20 concurrent callers. Prints wall time and this process's CPU per
// check (the statements' own work runs in the database server's processes).
import { parseArgs } from "node:util";
import { applyMigrations } from "@/lib/database/migrate";
import { takeTokens, type Bucket } from "@/lib/rate-limits/take-tokens";
import { withDatabase } from "./launcher/with-database";

const { values } = parseArgs({ options: { checks: { type: "string", default: "2000" } } });
const CHECKS = Number(values.checks);
// Never empty during a run, so every check takes the path of a request that is let through.
const roomy = (key: string): Bucket => ({ key, capacity: 1_000_000, perSecond: 1_000 });
const run = `${Date.now()}`;

async function time(label: string, check: (i: number) => Promise<unknown>, inFlight = 1): Promise<void> {
  for (let i = 0; i < 500; i++) await check(i); // warm-up: connections opened, statements prepared
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < CHECKS) await check(next++);
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const perCheck = (ms: number) => `${((ms / CHECKS) * 1000).toFixed(0)} µs`;
  console.log(
    `${label.padEnd(60)} wall ${perCheck(wall).padStart(7)}/check  Node CPU ${perCheck((used.user + used.system) / 1000).padStart(7)}/check  ${((CHECKS / wall) * 1000).toFixed(0).padStart(6)} checks/s`,
  );
}

await withDatabase(async (database) => {
  await applyMigrations(database.url);
  console.log(`${database.kind === "embedded" ? "embedded PostgreSQL" : "PostgreSQL (DATABASE_URL)"}, ${CHECKS} checks per case`);
  await time("one bucket (address), sequential", () => takeTokens([roomy(`bench-address:${run}`)]));
  await time("two buckets (address + key), one statement, sequential", () =>
    takeTokens([roomy(`bench-address:${run}`), roomy(`bench-key:${run}`)]),
  );
  await time("two buckets as two statements, sequential", async () => {
    await takeTokens([roomy(`bench-address:${run}`)]);
    await takeTokens([roomy(`bench-key:${run}`)]);
  });
  await time("two buckets, one statement, 20 callers on the same two rows", () =>
    takeTokens([roomy(`bench-address:${run}`), roomy(`bench-key:${run}`)]),
  20);
  await time("two buckets, one statement, 20 callers on their own rows", (i) =>
    takeTokens([roomy(`bench-address:${run}:${i % 20}`), roomy(`bench-key:${run}:${i % 20}`)]),
  20);
});
