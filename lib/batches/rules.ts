// The limits of one batch upload (docs/using.md, "Batch upload"). The file limit is the REST API's body limit, so a
// file the dashboard takes is one the API takes too.
export const MAX_BATCH_ROWS = 1000;
export const MAX_BATCH_FILE_BYTES = 64 * 1024;
/** At most this many row errors are listed in one answer; the message gives the full count. */
export const MAX_LISTED_ROW_ERRORS = 100;

/** The columns a batch file may have, in the sample's order; the first two are required. */
export const BATCH_COLUMNS = ["amount", "currency", "ttl", "descriptor", "min_amount"] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];
export const REQUIRED_BATCH_COLUMNS: readonly BatchColumn[] = ["amount", "currency"];
