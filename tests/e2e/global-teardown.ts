import { stopSluice } from "./servers";

export default async function globalTeardown() {
  for (const server of globalThis.sluiceServers ?? []) {
    const code = await stopSluice(server.child);
    if (code !== 0) throw new Error(`Sluice exited with code ${code} on SIGTERM:\n${server.output()}`);
  }
}
