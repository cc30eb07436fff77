// A process that starts the embedded PostgreSQL server for SLUICE_DATA_DIR, prints "ready <pid>" and waits, so
// that a test can kill -9 it and find the server it leaves behind.
import { startEmbeddedDatabase } from "../../lib/database/embedded";

const database = await startEmbeddedDatabase(process.env.SLUICE_DATA_DIR!, { durable: false });
console.log(`ready ${database.pid}`);
setInterval(() => undefined, 60_000);
