import { describeWithdrawRequest } from "@/lib/withdraws/describe-withdraw-request";
import { lnurlPreflight, lnurlStep } from "@/lib/web/lnurl";

// Always run per request, never cached; and with "force-dynamic" Next.js hands the handler the request itself
// rather than a Proxy that watches every read of it for signs of dynamic use.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ secret: string }> };

export async function GET(_request: Request, context: Context) {
  const { secret } = await context.params;
  return lnurlStep(() => describeWithdrawRequest(secret));
}

export const OPTIONS = lnurlPreflight;
