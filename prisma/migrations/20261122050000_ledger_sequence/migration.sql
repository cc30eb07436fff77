-- Ledger entries get a per-merchant sequence number taken from the balance row under its lock: the order in
-- which the running balance was computed. Existing entries are numbered in their (created_at, id) order.
ALTER TABLE "balances" ADD COLUMN "ledger_sequence" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "ledger_entries" ADD COLUMN "sequence" BIGINT;

ALTER TABLE "ledger_entries" DISABLE TRIGGER "ledger_entries_no_update_or_delete";

UPDATE "ledger_entries" AS e SET "sequence" = n.seq
  FROM (SELECT "id", row_number() OVER (PARTITION BY "merchant_id" ORDER BY "created_at", "id") AS seq FROM "ledger_entries") AS n
 WHERE e."id" = n."id";

ALTER TABLE "ledger_entries" ENABLE TRIGGER "ledger_entries_no_update_or_delete";

UPDATE "balances" AS b
   SET "ledger_sequence" = COALESCE((SELECT max(e."sequence") FROM "ledger_entries" AS e WHERE e."merchant_id" = b."merchant_id"), 0);

-- The insert time, not the transaction start: entries are inserted under the balance row lock, so created_at
-- never decreases along the sequence.
ALTER TABLE "ledger_entries" ALTER COLUMN "sequence" SET NOT NULL,
  ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();

ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_sequence_positive" CHECK ("sequence" > 0);

CREATE UNIQUE INDEX "ledger_entries_merchant_id_sequence_key" ON "ledger_entries"("merchant_id", "sequence");

-- Date ranges find their first and last entry through (created_at, sequence).
DROP INDEX "ledger_entries_merchant_id_created_at_id_idx";

CREATE INDEX "ledger_entries_merchant_id_created_at_sequence_idx" ON "ledger_entries"("merchant_id", "created_at", "sequence");
