// A batch's result as a CSV file: one row per withdraw with its LNURL and claim page link (derived again from
// the row read for the caller's merchant, never stored), in the order of the uploaded file. Formula cells are neutralised as in every export. The
// LNURL is a bearer capability to money: for callers that may not receive links the column says so instead.
import { csvLines, UTF8_BOM, type Cell } from "../export/csv";
import { Decimal, formatDecimal, formatMsatAsSats } from "../money";
import { withheldReason, type LinkAccess } from "../withdraws/link-access";
import { effectiveStatus, linkFields } from "../withdraws/serialize-withdraw";
import type { BatchWithWithdraws } from "./create-batch";

// claim_url and min_sats come last, so that readers of the earlier columns by position still work. min_sats
// is a ranged withdraw's minimum in sats, empty for a fixed amount.
export const BATCH_RESULT_COLUMNS = ["row", "withdraw_id", "amount", "currency", "sats", "descriptor", "expires_at", "status", "lnurl", "claim_url", "min_sats"] as const;

export type BatchResultFile = { filename: string; contentType: string; body: string };

export function batchResultCsv({ batch, withdraws }: BatchWithWithdraws, access: LinkAccess, now: Date = new Date()): BatchResultFile {
  const rows: Cell[][] = withdraws.map((w) => {
    const links = linkFields(w, access);
    const withheld = `(withheld: ${withheldReason(access)})`;
    return [
    w.batchRow === null ? null : String(w.batchRow),
    w.id,
    formatDecimal(new Decimal(w.amount.toString())),
    w.currency,
    formatMsatAsSats(w.targetAmountMsat),
    w.statementDescriptor,
    w.expiresAt.toISOString(),
    effectiveStatus(w, now),
    links.withdraw_request ?? withheld,
    // The claim page, for a merchant who sends each customer their link by email or chat.
    links.claim_url ?? withheld,
    w.minTargetAmountMsat === null ? null : formatMsatAsSats(w.minTargetAmountMsat),
    ];
  });
  return {
    filename: `${batch.id}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: UTF8_BOM + csvLines([[...BATCH_RESULT_COLUMNS], ...rows]),
  };
}
