// A Sluice server process for the multi-process tests: the real route handlers over HTTP and the same
// background work (expiry sweep, payment reconciliation) that instrumentation.ts starts under Next.js.
import { startBackgroundWork } from "@/lib/jobs/background-work";
import { ROUTES } from "./routes";
import { serveRoutes } from "./serve-routes";

const server = await serveRoutes(ROUTES);
startBackgroundWork();
console.log(`listening ${server.url}`);
