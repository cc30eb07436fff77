"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ChallengeStatusReply } from "@/lib/lnurl-auth/status-reply";
import type { ShownChallenge, StartChallengeResult } from "./types";

export type ChallengeView =
  | { phase: "idle" }
  | { phase: "starting" }
  | { phase: "showing"; challenge: ShownChallenge; refusal: string | null }
  | { phase: "expired"; message: string }
  | { phase: "failed"; message: string }
  | { phase: "proposed"; challenge: ShownChallenge; linkingKey: string; fingerprint: string }
  | { phase: "done"; challenge: ShownChallenge; linkingKey?: string };

const POLL_MS = 1500;

// The route checks its reply against the reply's schema before sending it (same origin): its type is enough here.
async function askStatus(challenge: ShownChallenge): Promise<ChallengeStatusReply | null> {
  try {
    const res = await fetch("/api/lnurl/auth/status", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ k1: challenge.k1, secret: challenge.secret }),
      cache: "no-store",
    });
    if (res.status === 404) return { status: "unknown" };
    return res.ok ? ((await res.json()) as ChallengeStatusReply) : null;
  } catch {
    return null; // Offline for a moment: ask again at the next tick.
  }
}

/**
 * One LNURL-auth k1 on a page: started by `start` (a server action), then polled until the wallet has signed
 * (`verified` for a login, `proposed` for a link: the page then asks the account holder to confirm the key),
 * it expired, or it can no longer be used.
 */
export function useChallenge(start: () => Promise<StartChallengeResult>) {
  const [view, setView] = useState<ChallengeView>({ phase: "idle" });
  const challenge = view.phase === "showing" ? view.challenge : null;
  const busy = useRef(false);

  const begin = useCallback(async () => {
    setView({ phase: "starting" });
    try {
      const result = await start();
      setView(result.ok ? { phase: "showing", challenge: result.challenge, refusal: null } : { phase: "failed", message: result.message });
    } catch {
      setView({ phase: "failed", message: "Sluice could not be reached. Check your connection and try again." });
    }
  }, [start]);

  useEffect(() => {
    if (!challenge) return;
    const timer = setInterval(async () => {
      if (busy.current) return;
      busy.current = true;
      const reply = await askStatus(challenge);
      busy.current = false;
      if (!reply) return;
      if (reply.status === "pending") {
        const refusal = reply.refusal ?? null;
        setView((v) => (v.phase === "showing" && v.challenge.k1 === challenge.k1 && v.refusal !== refusal ? { ...v, refusal } : v));
      } else if (reply.status === "proposed") {
        setView({ phase: "proposed", challenge, linkingKey: reply.linking_key, fingerprint: reply.fingerprint });
      } else if (reply.status === "verified" || reply.status === "linked") {
        setView({ phase: "done", challenge, linkingKey: reply.status === "linked" ? reply.linking_key : undefined });
      } else if (reply.status === "expired") {
        setView({ phase: "expired", message: "This code expired (codes last 5 minutes)." });
      } else {
        setView({ phase: "expired", message: "This code can no longer be used." });
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [challenge]);

  /** The link was confirmed (Settings): nothing more to poll. */
  const finish = useCallback(() => setView((v) => (v.phase === "proposed" ? { phase: "done", challenge: v.challenge, linkingKey: v.linkingKey } : v)), []);

  return { view, begin, finish };
}
