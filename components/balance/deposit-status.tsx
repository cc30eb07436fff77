"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionFailure } from "@/lib/web/action-state";

type Status = "pending" | "paid" | "expired" | "failed";
type Reply = { ok: true; status: Status } | ActionFailure;

const POLL_MS = 1500;

const LABELS: Record<Status, { text: string; className: string }> = {
  pending: { text: "Waiting for payment…", className: "bg-amber-100 text-amber-900" },
  paid: { text: "Paid: credited to your balance", className: "bg-emerald-100 text-emerald-900" },
  expired: { text: "Expired: this invoice can no longer be paid", className: "bg-slate-200 text-slate-800" },
  failed: { text: "Failed: the service refused to pay", className: "bg-red-100 text-red-900" },
};

/** The deposit's status, polled until it is paid, expired or failed; then the page re-renders with the new balance. */
export function DepositStatus({ depositId, initial, poll }: { depositId: string; initial: Status; poll: (id: string) => Promise<Reply> }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(initial);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (status !== "pending") return;
    let stopped = false;
    const timer = setInterval(async () => {
      const reply = await poll(depositId).catch(() => null);
      if (stopped) return;
      if (!reply) return setProblem("Sluice could not be reached; still trying…");
      if (!reply.ok) return setProblem(reply.message);
      setProblem(null);
      if (reply.status !== "pending") {
        setStatus(reply.status);
        router.refresh();
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [depositId, poll, router, status]);

  const label = LABELS[status];
  return (
    <div className="space-y-1">
      <p role="status" aria-live="polite" data-testid="deposit-status" data-status={status}>
        <span className={`inline-flex items-center rounded-full px-3 py-1 text-sm font-semibold ${label.className}`}>{label.text}</span>
      </p>
      {problem ? <p className="text-xs text-red-700">{problem}</p> : null}
    </div>
  );
}
