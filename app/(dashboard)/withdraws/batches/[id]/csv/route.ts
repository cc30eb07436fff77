// The dashboard's download of a batch's result file: the signed-in user's merchant only.
import { batchCsvResponse } from "@/lib/batches/batch-csv-response";
import { batchResultCsv } from "@/lib/batches/batch-result-csv";
import { getBatch } from "@/lib/batches/get-batch";
import { isAppError } from "@/lib/errors";
import { currentAccount, linkAccessOfAccount } from "@/lib/web/session";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const account = await currentAccount();
  if (!account) return Response.redirect(new URL("/signin", request.url), 303);
  try {
    return batchCsvResponse(batchResultCsv(await getBatch(account.merchant.id, (await params).id), linkAccessOfAccount(account)));
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return new Response("No such batch.", { status: 404 });
    throw error;
  }
}
