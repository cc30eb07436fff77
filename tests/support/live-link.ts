// The LNURL of a withdraw object answered to a caller that may receive links (an owner's or admin's session,
// a full-scope key). A test that reaches for a link where none was sent fails here, naming the reason given.
import type { WithdrawObject } from "@/lib/withdraws/serialize-withdraw";

export function liveLink(w: Pick<WithdrawObject, "id" | "withdraw_methods_options">): string {
  const { withdraw_request, withdraw_request_withheld } = w.withdraw_methods_options.lnurl;
  if (withdraw_request === null) throw new Error(`Withdraw ${w.id} came without its link (withheld: ${withdraw_request_withheld}).`);
  return withdraw_request;
}
