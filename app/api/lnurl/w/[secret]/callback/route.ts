import { z } from "zod";
import { lnurlRefusal } from "@/lib/lnurl/refusal";
import { pullWithdraw } from "@/lib/withdraws/pull-withdraw";
import { lnurlPreflight, lnurlStep } from "@/lib/web/lnurl";

// Always run per request, never cached; and with "force-dynamic" Next.js hands the handler the request itself
// rather than a Proxy that watches every read of it for signs of dynamic use.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ secret: string }> };

const query = z.object({
  k1: z.string({ error: "Missing k1." }).min(1, "Missing k1."),
  pr: z.string({ error: "Missing invoice (pr)." }).min(1, "Missing invoice (pr).").max(4096, "The invoice is too long."),
});

export async function GET(request: Request, context: Context) {
  const { secret } = await context.params;
  return lnurlStep(async () => {
    const params = new URL(request.url).searchParams;
    if (params.getAll("pr").length > 1) throw lnurlRefusal("Send exactly one invoice.");
    const parsed = query.safeParse({ k1: params.get("k1") ?? undefined, pr: params.get("pr") ?? undefined });
    if (!parsed.success) throw lnurlRefusal(parsed.error.issues[0].message);
    await pullWithdraw({ secret, ...parsed.data });
    return { status: "OK" };
  });
}

export const OPTIONS = lnurlPreflight;
