// Server side of the two server actions that start an LNURL-auth k1 (sign-in and link): the per-address
// limit, then the k1, then what the browser shows. The QR code is drawn here, so the browser needs no QR code
// library. The caller passes the client's address (lib/web/client-address.ts), so a forged X-Forwarded-For
// cannot spread one client over many per-address buckets.
import QRCode from "qrcode";
import { allowChallengeFrom } from "./address-limit";
import { createChallenge, type ChallengeRequest } from "./create-challenge";

// What a server action hands the browser for one k1: the QR code, the links, and the secret that binds the k1
// to this browser (create-challenge.ts). Kept in memory only, never in a URL.
export type ShownChallenge = { k1: string; secret: string; lnurl: string; lightningUri: string; qrSvg: string; expiresAt: number };

export type StartChallengeResult = { ok: true; challenge: ShownChallenge } | { ok: false; message: string };

export async function startChallenge(request: ChallengeRequest, address: string): Promise<StartChallengeResult> {
  const allowance = await allowChallengeFrom(address);
  if (!allowance.ok) {
    const wait = allowance.retryAfterSeconds === 1 ? "a second" : `${allowance.retryAfterSeconds} seconds`;
    return { ok: false, message: `Too many Lightning codes asked for from this address. Wait ${wait} and try again.` };
  }
  const c = await createChallenge(request);
  const svg = await QRCode.toString(c.lnurl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    ok: true,
    challenge: {
      k1: c.k1,
      secret: c.secret,
      lnurl: c.lnurl,
      lightningUri: c.lightningUri,
      qrSvg: svg.replace("<svg ", '<svg width="100%" height="100%" '),
      expiresAt: c.expiresAt.getTime(),
    },
  };
}
