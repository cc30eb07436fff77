-- Deposits over the API (issue 18): an amount in any currency at a locked rate, a source (an invoice the
-- merchant pays, or another service's LNURL-withdraw link that Sluice pulls from), a failure reason, metadata,
-- and the deposit.paid event. Existing deposits were whole sats, so their amount is their sats at rate 1.
ALTER TYPE "DepositStatus" ADD VALUE IF NOT EXISTS 'failed';

ALTER TABLE "deposits" ADD COLUMN "amount" DECIMAL(32,16) NOT NULL DEFAULT 0;
ALTER TABLE "deposits" ADD COLUMN "currency" TEXT NOT NULL DEFAULT 'SATS';
ALTER TABLE "deposits" ADD COLUMN "exchange_rate" DECIMAL(40,16) NOT NULL DEFAULT 1;
ALTER TABLE "deposits" ADD COLUMN "rate_source" TEXT NOT NULL DEFAULT 'fixed';
ALTER TABLE "deposits" ADD COLUMN "livemode" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "deposits" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'invoice';
ALTER TABLE "deposits" ADD COLUMN "source_domain" TEXT;
ALTER TABLE "deposits" ADD COLUMN "failure_reason" TEXT;
ALTER TABLE "deposits" ADD COLUMN "metadata" JSONB;
ALTER TABLE "deposits" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "deposits" SET "amount" = "amount_msat" / 1000.0, "updated_at" = COALESCE("paid_at", "created_at");

ALTER TABLE "deposits" ADD CONSTRAINT "deposits_source" CHECK ("source" IN ('invoice', 'lnurl_withdraw'));
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_amount_non_negative" CHECK ("amount" >= 0);

CREATE INDEX "deposits_merchant_id_created_at_id_idx" ON "deposits"("merchant_id", "created_at" DESC, "id" DESC);

ALTER TABLE "events" ADD COLUMN "deposit_id" TEXT;
