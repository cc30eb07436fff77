import { startSluice, type StartedSluice } from "./servers";

declare global {
  var sluiceServers: StartedSluice[] | undefined;
}

// Two servers: one on the embedded defaults (with the demo merchant) and one started with SLUICE_DEMO=false,
// which must offer the first-run owner form. Started one after the other so that only one builds.
export default async function globalSetup() {
  // Webhook specs send to a receiver on loopback, which only WEBHOOK_ALLOW_PRIVATE_URLS permits.
  const demo = await startSluice("demo", { WEBHOOK_ALLOW_PRIVATE_URLS: "true" });
  const fresh = await startSluice("fresh", { SLUICE_DEMO: "false" });
  globalThis.sluiceServers = [demo, fresh];

  const email = /email:\s+(\S+)/.exec(demo.output())?.[1];
  const password = /password:\s+(\S+)/.exec(demo.output())?.[1];
  if (!email || !password) throw new Error(`The demo sign-in was not printed:\n${demo.output()}`);
  process.env.E2E_DEMO_URL = demo.url;
  process.env.E2E_DEMO_EMAIL = email;
  process.env.E2E_DEMO_PASSWORD = password;
  process.env.E2E_DEMO_DATA_DIR = demo.dataDir;
  process.env.E2E_FRESH_URL = fresh.url;
  process.env.E2E_FRESH_OUTPUT_HAS_DEMO = /password:/.test(fresh.output()) ? "yes" : "no";
}
