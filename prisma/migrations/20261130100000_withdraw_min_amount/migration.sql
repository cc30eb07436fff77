-- Flexible amounts: a withdraw may offer a range, from its minimum up to its amount (LNURL-withdraw's
-- minWithdrawable and maxWithdrawable). The minimum is kept in the withdraw's currency and in msat, converted
-- at the rate locked at creation and rounded down to whole sats like the amount. Both are null for a withdraw
-- that pays exactly its amount. (No semicolon anywhere but between statements: the migration runner splits
-- the file at every one.)
ALTER TABLE "withdraws" ADD COLUMN "min_amount" DECIMAL(32,16), ADD COLUMN "min_target_amount_msat" BIGINT;

-- Both or neither (written so that a NULL cannot make the check pass unknown).
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_min_amount_valid" CHECK (
  ("min_amount" IS NULL) = ("min_target_amount_msat" IS NULL)
  AND ("min_amount" IS NULL
       OR ("min_amount" > 0 AND "min_amount" <= "amount"
           AND "min_target_amount_msat" >= 1000 AND "min_target_amount_msat" % 1000 = 0
           AND "min_target_amount_msat" <= "target_amount_msat")));

-- What a paid withdraw paid lies in its range: exactly the target for a fixed withdraw.
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_paid_amount_in_range" CHECK (
  "paid_amount_msat" IS NULL
  OR ("paid_amount_msat" > 0 AND "paid_amount_msat" <= "target_amount_msat"
      AND "paid_amount_msat" >= COALESCE("min_target_amount_msat", "target_amount_msat")));
