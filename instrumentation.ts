// Next.js calls register() once when a server instance starts: the background work runs in every instance.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.SLUICE_BACKGROUND_WORK !== "off") {
    const { startBackgroundWork } = await import("./lib/jobs/background-work");
    startBackgroundWork();
  }
}
