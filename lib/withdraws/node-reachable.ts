// Before a withdraw is claimed: if this process's last call to the Lightning node could not reach it, a
// wallet is told so at once (nothing claimed, the customer can retry) instead of getting an OK for a payment
// that cannot be sent. The knowledge is refreshed by one shared probe when it is more than a few seconds old,
// so the first callback after the node comes back goes through.
import { lightning } from "../lightning/backend";
import { backendUnreachable } from "../lightning/last-error";
import { lnurlRefusal } from "../lnurl/refusal";

const PROBE_AFTER_MS = 5_000;
let probing: Promise<unknown> | undefined;

export async function assertNodeReachable(now: number = Date.now()): Promise<void> {
  let down = backendUnreachable();
  if (!down) return;
  if (now - down.at.getTime() >= PROBE_AFTER_MS) {
    probing ??= lightning()
      .getInfo()
      .catch(() => undefined)
      .finally(() => (probing = undefined));
    await probing;
    down = backendUnreachable();
    if (!down) return;
  }
  throw lnurlRefusal("This service cannot reach its Lightning node right now, so it cannot pay you. Nothing was claimed; try again in a few minutes.");
}
