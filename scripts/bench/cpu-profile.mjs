// Loaded with NODE_OPTIONS=--import (Node 20 refuses --cpu-prof there): samples this process's CPU from start
// to exit and writes a .cpuprofile into BENCH_CPU_PROFILE_DIR, like `node --cpu-prof` would.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  process.on("exit", () => {
    // The same-thread session answers synchronously, so this still runs inside the exit handler.
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
