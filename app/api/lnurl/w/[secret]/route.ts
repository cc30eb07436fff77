import { describeWithdrawRequest } from "@/lib/withdraws/describe-withdraw-request";
import { lnurlPreflight, lnurlStep } from "@/lib/web/lnurl";

type Context = { params: Promise<{ secret: string }> };

export async function GET(_request: Request, context: Context) {
  const { secret } = await context.params;
  return lnurlStep(() => describeWithdrawRequest(secret));
}

export const OPTIONS = lnurlPreflight;
