// LNURL-auth (LUD-04) wallet callback: the URL in the QR code plus &sig=…&key=… . Public, CORS *, and
// refusals as {"status":"ERROR","reason":…} with HTTP 200, like every LNURL endpoint.
import { answerWallet } from "@/lib/lnurl-auth/answer-wallet";
import { walletCallbackSchema } from "@/lib/lnurl-auth/schemas";
import { lnurlRefusal } from "@/lib/lnurl/refusal";
import { lnurlPreflight, lnurlStep } from "@/lib/web/lnurl";

const FIELDS = ["tag", "k1", "sig", "key", "action"] as const;

export async function GET(request: Request) {
  return lnurlStep(async () => {
    const params = new URL(request.url).searchParams;
    const repeated = FIELDS.find((name) => params.getAll(name).length > 1);
    if (repeated) throw lnurlRefusal(`Send ${repeated} once.`);
    const parsed = walletCallbackSchema.safeParse(Object.fromEntries(FIELDS.map((name) => [name, params.get(name) ?? undefined])));
    if (!parsed.success) throw lnurlRefusal(parsed.error.issues[0].message);
    return answerWallet(parsed.data);
  });
}

export const OPTIONS = lnurlPreflight;
