-- The overview sums payouts by day: paid withdraws of one merchant by payment time (written by hand: the
-- Prisma schema cannot express a partial index).
CREATE INDEX "withdraws_merchant_paid_at_idx" ON "withdraws" ("merchant_id", "paid_at") WHERE "status" = 'paid';
