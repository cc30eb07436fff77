// The DNS lookup of an outbound connection whose address a caller's rules already checked (a webhook
// endpoint, an LNURL service): it answers that address and nothing else, so a second DNS answer cannot send
// the request somewhere the rules never saw (DNS rebinding). The URL's host name still goes into the Host
// header and the TLS server name.
import type { LookupFunction } from "node:net";

export type PinnedAddress = { address: string; family: 4 | 6 };

export function pinnedLookup(pinned: PinnedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // Node asks for every address (`all`) when it may try several families in turn.
    if (options.all) (callback as (error: null, addresses: PinnedAddress[]) => void)(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}
