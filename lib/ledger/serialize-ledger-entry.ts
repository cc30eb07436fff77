// The ledger entry object of the REST API: the same columns as the dashboard's listing and the ledger export
// (lib/export/ledger-rows.ts), with their names. Millisats are strings, exact (they can exceed 2^53), as the
// balance object gives them; amount_msat is the entry's effect on the whole balance (available + reserved),
// and balance_after_msat the running balance after it.
import { z } from "zod";
import { LedgerKind } from "../generated/prisma/enums";
import type { LedgerEntryRow } from "./list-ledger-entries";
import { balanceTotal } from "./balance-total";

const msat = (what: string) => z.string().regex(/^-?\d+$/).describe(`${what}, in millisats (a string: exact).`);

export const ledgerEntryObjectSchema = z.object({
  id: z.string().startsWith("le_"),
  object: z.literal("ledger_entry"),
  sequence: z.number().int().positive().describe("The entry's place in the account's ledger: 1, 2, 3 … in the order the running balance was computed."),
  created: z.number().int(),
  kind: z.enum(LedgerKind).describe("credit (funds in), reserve and release (held for a withdraw or payout, and let go), payout and fee (paid out), adjustment."),
  amount_msat: msat("The effect on the whole balance (available + reserved)"),
  available_delta_msat: msat("The change of the available balance"),
  reserved_delta_msat: msat("The change of the reserved balance"),
  available_after_msat: msat("The available balance after this entry"),
  reserved_after_msat: msat("The reserved balance after this entry"),
  balance_after_msat: msat("The whole balance (available + reserved) after this entry"),
  withdraw_id: z.string().startsWith("wi_").nullable().describe("The withdraw the entry belongs to."),
  payout_id: z.string().startsWith("po_").nullable().describe("The payout the entry belongs to."),
  deposit_id: z.string().startsWith("dep_").nullable().describe("The deposit the entry belongs to."),
  note: z.string().nullable().describe("What the entry is for, in words: an adjustment's reason, a deposit's source."),
});

export type LedgerEntryObject = z.infer<typeof ledgerEntryObjectSchema>;

export function serializeLedgerEntry(entry: LedgerEntryRow): LedgerEntryObject {
  return {
    id: entry.id,
    object: "ledger_entry",
    sequence: Number(entry.sequence),
    created: entry.createdAt.getTime(),
    kind: entry.kind,
    amount_msat: (entry.availableDeltaMsat + entry.reservedDeltaMsat).toString(),
    available_delta_msat: entry.availableDeltaMsat.toString(),
    reserved_delta_msat: entry.reservedDeltaMsat.toString(),
    available_after_msat: entry.availableAfterMsat.toString(),
    reserved_after_msat: entry.reservedAfterMsat.toString(),
    balance_after_msat: balanceTotal({ availableMsat: entry.availableAfterMsat, reservedMsat: entry.reservedAfterMsat }).toString(),
    withdraw_id: entry.withdrawId,
    payout_id: entry.payoutId,
    deposit_id: entry.depositId,
    note: entry.note,
  };
}
