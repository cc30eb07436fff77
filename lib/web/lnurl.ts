// LNURL endpoint replies (LUD-01, LUD-03): JSON with CORS for web wallets, and refusals as
// {"status":"ERROR","reason":…} with HTTP 200, because some wallets (Phoenix) hide bodies of non-2xx answers.
import { answerOf } from "../errors";
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

/** The LNURL adapter of the error table: anything thrown becomes {"status":"ERROR","reason"} in the table's words. */
export function lnurlErrorReply(thrown: unknown): Response {
  return lnurlJson({ status: "ERROR", reason: answerOf(thrown, "lnurl", "[lnurl]").message });
}

/** Runs an LNURL step; its refusals (lnurl_refused) reach the wallet in their own words, anything else as the table says. */
export async function lnurlStep(step: () => Promise<unknown>): Promise<Response> {
  try {
    return lnurlJson(await step());
  } catch (error) {
    return lnurlErrorReply(error);
  }
}
