// The one way out of Sluice over HTTP: see open-request.ts.
export { discardBody, openRequest, readText, type OutboundRequest, type OutboundResponse } from "./open-request";
export { OutboundError, type OutboundFailure, type OutboundOutcome } from "./outbound-error";
export type { PinnedAddress } from "./pinned-lookup";
