// LNURL endpoint replies (LUD-01, LUD-03): JSON with CORS for web wallets, and refusals as
// {"status":"ERROR","reason":…} with HTTP 200, because some wallets (Phoenix) hide bodies of non-2xx answers.
import { isDatabaseUnavailable } from "../database/unavailable";
import { LnurlRefusal } from "../lnurl/refusal";
import { jsonHeaders, jsonResponse } from "./json-response";

const HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "*",
  "Cache-Control": "no-store",
};
const JSON_HEADERS = jsonHeaders(HEADERS);

export function lnurlJson(body: unknown): Response {
  return jsonResponse(body, 200, JSON_HEADERS);
}

export function lnurlPreflight(): Response {
  return new Response(null, { status: 204, headers: HEADERS });
}

/** Runs an LNURL step; refusals and unexpected errors both become a reason a wallet can show. */
export async function lnurlStep(step: () => Promise<unknown>): Promise<Response> {
  try {
    return lnurlJson(await step());
  } catch (error) {
    if (error instanceof LnurlRefusal) return lnurlJson({ status: "ERROR", reason: error.reason });
    if (isDatabaseUnavailable(error)) {
      console.error(`[lnurl] database unavailable: ${(error as Error).message.trim().split("\n").pop()}`);
      return lnurlJson({ status: "ERROR", reason: "The service cannot reach its database right now. Try again in a minute." });
    }
    console.error("[lnurl]", error);
    return lnurlJson({ status: "ERROR", reason: "The service is temporarily unavailable. Try again shortly." });
  }
}
