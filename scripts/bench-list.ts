// `npm run bench:list -- [--email E] [--runs N]`: times the withdraws list page's query (lib listWithdraws,
// what /withdraws renders) for the filters people use, on whatever database is configured. Prints figures.
import { parseArgs } from "node:util";
import { db } from "@/lib/db";
import { listWithdraws, type WithdrawFilters } from "@/lib/withdraws/list-withdraws";
import { fail } from "./launcher/log";
import { withDatabase } from "./launcher/with-database";

const { values } = parseArgs({ options: { email: { type: "string", default: "bulk@sluice.test" }, runs: { type: "string", default: "20" } } });
const runs = Number(values.runs);

async function main() {
  await withDatabase(async (database) => {
    const user = await db().user.findUniqueOrThrow({ where: { email: values.email! }, select: { merchantId: true } });
    const merchantId = user.merchantId;
    const total = await db().withdraw.count({ where: { merchantId } });
    const deep = await db().withdraw.findFirstOrThrow({ where: { merchantId }, orderBy: [{ createdAt: "asc" }], skip: 1000, select: { id: true } });
    const month = new Date(Date.now() - 180 * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, WithdrawFilters][] = [
      ["first page, no filter", {}],
      ["page near the oldest row (cursor)", { after: deep.id }],
      ["status=paid", { status: "paid" }],
      ["status=cancelled", { status: "cancelled" }],
      ["status=expired (incl. unpaid past expiry)", { status: "expired" }],
      ["status=processing (none exist)", { status: "processing" }],
      ["currency=EUR", { currency: "EUR" }],
      ["one day, 180 days ago", { from: month, to: month }],
      ["search descriptor 'Order #99999'", { q: "Order #99999" }],
      ["search by id", { q: deep.id }],
    ];
    console.log(`${database.kind === "embedded" ? "embedded PostgreSQL" : "PostgreSQL (DATABASE_URL)"}: ${total} withdraws, ${runs} runs per case`);
    console.log("case".padEnd(44), "median ms".padStart(10), "p95 ms".padStart(8), "rows".padStart(6));
    for (const [name, filters] of cases) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs + 2; i++) {
        const t = performance.now();
        rows = (await listWithdraws(merchantId, filters)).rows.length;
        if (i >= 2) times.push(performance.now() - t); // two warm-up runs
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
      console.log(name.padEnd(44), at(0.5).padStart(10), at(0.95).padStart(8), String(rows).padStart(6));
    }
  });
}

main().catch((error) => {
  fail(error);
  process.exit(1);
});
