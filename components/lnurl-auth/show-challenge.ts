// Server side of the two server actions that start an LNURL-auth k1 (sign-in and link): the per-address
// limit, then the k1, then what the browser shows. The QR code is drawn here, so the browser needs no QR code
// library. The caller passes the client's address (lib/web/client-address.ts), so a forged X-Forwarded-For
// cannot spread one client over many per-address windows.
import QRCode from "qrcode";
import { allowChallengeFrom } from "@/lib/lnurl-auth/address-limit";
import { createChallenge, type ChallengeRequest } from "@/lib/lnurl-auth/create-challenge";
import { actionFailure } from "@/lib/web/action-errors";
import type { StartChallengeResult } from "./types";

export async function startChallenge(request: ChallengeRequest, address: string): Promise<StartChallengeResult> {
  if (!allowChallengeFrom(address)) {
    return { ok: false, message: "Too many Lightning codes asked for from this address. Wait a minute and try again." };
  }
  try {
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
  } catch (error) {
    return actionFailure(error, "lnurl-auth-challenge");
  }
}
