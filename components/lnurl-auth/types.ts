// What a server action hands the browser for one LNURL-auth k1 (defined with the server code that makes it), and
// the answers of the other LNURL-auth server actions.
export type { ShownChallenge, StartChallengeResult } from "@/lib/lnurl-auth/start-challenge";

/** The answer to confirming a proposed wallet key on Settings. */
export type ConfirmLinkResult = { ok: true } | { ok: false; message: string; passwordError: boolean };

export type UnlinkState = { status: "idle" } | { status: "done"; message: string } | { status: "failed"; message: string };
