// Background work of every Sluice process: the expiry sweep, payment reconciliation, deposits and webhook
// delivery. Each is safe to run in every instance at once (SKIP LOCKED batches, conditional updates, leases);
// none relies on being alone.
import { settleDeposits } from "../deposits/settle-deposits";
import { purgeSignInThrottles } from "../auth/sign-in-throttle";
import { purgeExpiredChallenges } from "../lnurl-auth/purge-challenges";
import { purgeFullRateLimits } from "../rate-limits/purge-rate-limits";
import { purgeEndedSessions } from "../sessions/purge-sessions";
import { reconcilePayments } from "../payments/reconcile";
import { PAYOUT_PAYMENT } from "../payouts/payout-payment";
import { purgeExpiredIdempotencyKeys } from "../idempotency/store";
import { deliverDueWebhooks } from "../webhooks/deliver-due-webhooks";
import { dispatchEvents } from "../webhooks/dispatch-events";
import { expireDueWithdraws } from "../withdraws/expire-due-withdraws";
import { WITHDRAW_PAYMENT } from "../withdraws/withdraw-payment";

type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

const JOBS: Job[] = [
  {
    name: "expire-withdraws",
    everyMs: 2_000,
    run: async () => {
      const expired = await expireDueWithdraws();
      if (expired > 0) console.log(`[jobs] expired ${expired} withdraw(s)`);
    },
  },
  ...[WITHDRAW_PAYMENT, PAYOUT_PAYMENT].map((kind) => ({
    name: `reconcile-${kind.name}s`,
    everyMs: 3_000,
    run: async () => {
      const r = await reconcilePayments(kind);
      if (r.checked > 0) console.log(`[jobs] reconciled ${r.checked} ${kind.name}(s): ${r.paid} paid, ${r.failed} failed, ${r.pending} still pending`);
    },
  })),
  {
    name: "settle-deposits",
    everyMs: 3_000,
    run: async () => {
      const r = await settleDeposits();
      if (r.credited > 0) console.log(`[jobs] credited ${r.credited} paid deposit(s)`);
    },
  },
  {
    name: "dispatch-webhook-events",
    everyMs: 2_000,
    run: async () => {
      const r = await dispatchEvents();
      if (r.deliveries > 0) console.log(`[jobs] queued ${r.deliveries} webhook delivery/deliveries for ${r.events} event(s)`);
    },
  },
  {
    name: "deliver-webhooks",
    everyMs: 2_000,
    run: async () => {
      const r = await deliverDueWebhooks();
      if (r.attempted > 0) console.log(`[jobs] webhooks: ${r.attempted} attempt(s), ${r.succeeded} delivered, ${r.failed} failed, ${r.gaveUp} given up`);
    },
  },
  {
    name: "purge-idempotency-keys",
    everyMs: 10 * 60_000,
    run: () => purgeExpiredIdempotencyKeys(),
  },
  {
    name: "purge-lnurl-auth-challenges",
    everyMs: 60_000,
    run: () => purgeExpiredChallenges(),
  },
  {
    name: "purge-sessions-and-sign-in-throttles",
    everyMs: 10 * 60_000,
    run: async () => {
      await purgeEndedSessions();
      await purgeSignInThrottles();
      await purgeFullRateLimits();
    },
  },
];

let timers: NodeJS.Timeout[] = [];

export function startBackgroundWork(): () => void {
  if (timers.length > 0) return stopBackgroundWork;
  timers = JOBS.map((job) => {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await job.run();
      } catch (error) {
        console.error(`[jobs] ${job.name}: ${(error as Error).message}`);
      } finally {
        running = false;
      }
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return stopBackgroundWork;
}

export function stopBackgroundWork(): void {
  timers.forEach(clearInterval);
  timers = [];
}
