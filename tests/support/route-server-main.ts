// A Sluice server process for the multi-process tests: the real route handlers over HTTP and the same
// background work (expiry sweep, payment reconciliation) that instrumentation.ts starts under Next.js.
import { startBackgroundWork } from "@/lib/jobs/background-work";
import { ROUTES } from "./routes";
import { serveRoutes } from "./serve-routes";

// ROUTE_SERVER_PORT: a port known before the start, for a PUBLIC_URL that wallets can call back (else any free port).
const server = await serveRoutes(ROUTES, Number(process.env.ROUTE_SERVER_PORT ?? 0));
startBackgroundWork();
console.log(`listening ${server.url}`);
