// What a server action hands the browser for one LNURL-auth k1: the QR code, the links, and the secret that
// binds the k1 to this browser (lib/lnurl-auth/create-challenge.ts). Kept in memory only, never in a URL.
export type ShownChallenge = { k1: string; secret: string; lnurl: string; lightningUri: string; qrSvg: string; expiresAt: number };

export type StartChallengeResult = { ok: true; challenge: ShownChallenge } | { ok: false; message: string };

/** The answer to confirming a proposed wallet key on Settings. */
export type ConfirmLinkResult = { ok: true } | { ok: false; message: string; passwordError: boolean };

export type UnlinkState = { status: "idle" } | { status: "done"; message: string } | { status: "failed"; message: string };
