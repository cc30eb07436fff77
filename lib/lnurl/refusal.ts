// An LNURL service's refusal (LUD-03): an AppError lnurl_refused, whose message is the reason, short and written
// for the person holding the wallet. Our own LNURL endpoints send it as {"status":"ERROR","reason":…} with HTTP
// 200; the demo wallet receives it from a service that answers so.
import { AppError, isAppError } from "../errors";

export function lnurlRefusal(reason: string): AppError {
  return new AppError("lnurl_refused", reason);
}

export function isLnurlRefusal(error: unknown): error is AppError {
  return isAppError(error) && error.code === "lnurl_refused";
}
