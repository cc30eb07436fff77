// Why a dashboard download was refused, as a code the browser carries back to the form (?error=<code>).
// The form shows only messages from this fixed list: text in a URL can be written by anyone who sends a
// user a link, so it is never put on the page.
import { z } from "zod";
import { AppError } from "../errors";
import { FILTER_MESSAGES } from "./filters";

export const EXPORT_REFUSALS = {
  ...FILTER_MESSAGES,
  dataset_unknown: "Choose what to export: withdraws, ledger or statement.",
  filter_unknown: "The form sent a filter Sluice does not know. Reload the page and try again.",
  refused: "This export could not be made with these filters. Check them and try again.",
} as const;

export type ExportRefusal = keyof typeof EXPORT_REFUSALS;

const refusalCodeSchema = z.enum(Object.keys(EXPORT_REFUSALS) as [ExportRefusal, ...ExportRefusal[]]);

/** The code for an export refused with this error: its fixed filter message, or a general one. */
export function exportRefusalCode(error: AppError): ExportRefusal {
  const known = (Object.keys(FILTER_MESSAGES) as (keyof typeof FILTER_MESSAGES)[]).find((code) => FILTER_MESSAGES[code] === error.message);
  if (known) return known;
  return error.code === "validation_error" && error.message.startsWith("Unknown filter") ? "filter_unknown" : "refused";
}

/** The message for a code from the query string; anything that is not one of the codes shows nothing. */
export function exportRefusalMessage(code: unknown): string | undefined {
  const parsed = refusalCodeSchema.safeParse(code);
  return parsed.success ? EXPORT_REFUSALS[parsed.data] : undefined;
}
