-- What the payment that settled a simulator invoice really paid: a lookup reports it as the amount received.
ALTER TABLE "sim_invoices" ADD COLUMN "received_msat" BIGINT;

-- Invoices settled before this column existed: the one internal payment that settled each moved its amount.
UPDATE "sim_invoices" i SET "received_msat" = p."amount_msat"
  FROM "sim_payments" p
 WHERE i."settled" AND p."payment_hash" = i."payment_hash" AND p."status" = 'succeeded' AND p."preimage" IS NOT NULL;
