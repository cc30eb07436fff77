// The fault suite's world: a current production build of Sluice (`next start` serves it in every process).
// The suite's PostgreSQL server is started by the test file itself (./cluster.ts), which stops, kills and
// restarts it.
import { buildIfStale } from "../../scripts/launcher/build";

export default async function setup() {
  await buildIfStale(process.cwd(), (line) => console.log(`[faults] ${line}`));
}
