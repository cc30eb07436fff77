// Dashboard downloads: the signed-in user's exports through the same domain functions as the REST API. A
// filter error sends the browser back to the form it came from, with the code of its message (never the
// message itself: the form shows only messages from a fixed list) and the values it sent.
import { ERROR_TABLE, isAppError } from "../errors";
import { exportLedger, exportWithdraws } from "../export/export-file";
import { exportRefusalCode } from "../export/refusals";
import { exportStatement } from "../export/statement-file";
import { currentAccount } from "./session";
import { downloadResponse, queryOf } from "./export-response";

const EXPORTERS = { withdraws: exportWithdraws, ledger: exportLedger, statement: exportStatement } as const;

function back(request: Request, path: string, params: Record<string, string>): Response {
  const url = new URL(path, request.url);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return new Response(null, { status: 303, headers: { Location: `${url.pathname}${url.search}`, "Cache-Control": "no-store" } });
}

/**
 * The download adapter of the error table: a refusal (a code the table answers with a 4xx) sends the browser
 * back to `formPage` with its refusal code and `params`; anything else is the server's error page.
 */
export function refusedDownload(request: Request, formPage: string, params: Record<string, string>, thrown: unknown): Response {
  if (isAppError(thrown) && ERROR_TABLE[thrown.code].status < 500) return back(request, formPage, { ...params, error: exportRefusalCode(thrown) });
  throw thrown;
}

export async function sessionDownload(request: Request): Promise<Response> {
  const account = await currentAccount();
  if (!account) return back(request, "/signin", {});
  const { dataset, ...filters } = queryOf(request);
  const formPage = dataset === "statement" ? "/statement" : "/exports";
  if (!(dataset in EXPORTERS)) return back(request, formPage, { error: "dataset_unknown" });
  try {
    const exporter = EXPORTERS[dataset as keyof typeof EXPORTERS];
    return downloadResponse(await exporter({ merchantId: account.merchant.id, userId: account.user.id, email: account.user.email }, filters));
  } catch (error) {
    return refusedDownload(request, formPage, { ...filters, dataset }, error);
  }
}
