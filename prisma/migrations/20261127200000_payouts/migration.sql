-- Direct payouts: the merchant pays a BOLT 11 invoice, a Lightning Address or an LNURL-pay. One payout is one
-- payment of one invoice, and a payment hash is paid at most once (the unique index). Ledger entries and
-- events name the payout they belong to.
CREATE TYPE "PayoutStatus" AS ENUM ('pending', 'processing', 'paid', 'failed');

CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'pending',
    "livemode" BOOLEAN NOT NULL,
    "destination_type" TEXT NOT NULL,
    "destination" TEXT,
    "destination_domain" TEXT,
    "amount" DECIMAL(32,16) NOT NULL,
    "currency" TEXT NOT NULL,
    "exchange_rate" DECIMAL(40,16) NOT NULL,
    "rate_source" TEXT NOT NULL,
    "amount_msat" BIGINT NOT NULL,
    "fee_limit_msat" BIGINT NOT NULL,
    "fees_msat" BIGINT,
    "invoice" TEXT NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "payee_pubkey" TEXT NOT NULL,
    "invoice_description" TEXT,
    "invoice_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "preimage" TEXT,
    "statement_descriptor" TEXT,
    "metadata" JSONB,
    "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "failure_reason" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payouts_amount_positive" CHECK ("amount_msat" > 0),
    CONSTRAINT "payouts_fee_limit_non_negative" CHECK ("fee_limit_msat" >= 0),
    CONSTRAINT "payouts_destination_type" CHECK ("destination_type" IN ('ln_invoice', 'lightning_address', 'lnurl_pay'))
);

CREATE UNIQUE INDEX "payouts_payment_hash_key" ON "payouts"("payment_hash");

CREATE INDEX "payouts_merchant_id_created_at_id_idx" ON "payouts"("merchant_id", "created_at" DESC, "id" DESC);

CREATE INDEX "payouts_status_checked_at_idx" ON "payouts"("status", "checked_at");

ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "ledger_entries" ADD COLUMN "payout_id" TEXT;

CREATE INDEX "ledger_entries_payout_id_idx" ON "ledger_entries"("payout_id");

ALTER TABLE "events" ADD COLUMN "payout_id" TEXT;

-- One payment hash, one payment, across withdraws and payouts: a node asked to pay a hash it has paid before
-- answers with the earlier outcome, which would debit the ledger a second time for nothing. Each insert takes a
-- transaction lock on its hash and then looks in the other table, so two racing inserts cannot both pass.
CREATE FUNCTION "payment_hash_used_once"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_advisory_xact_lock(hashtextextended(NEW.payment_hash, 9009))\073 IF TG_TABLE_NAME = ''payouts'' AND EXISTS (SELECT 1 FROM withdraw_payments WHERE payment_hash = NEW.payment_hash) THEN RAISE EXCEPTION ''payment hash % already used by a withdraw'', NEW.payment_hash USING ERRCODE = ''unique_violation''\073 END IF\073 IF TG_TABLE_NAME = ''withdraw_payments'' AND EXISTS (SELECT 1 FROM payouts WHERE payment_hash = NEW.payment_hash) THEN RAISE EXCEPTION ''payment hash % already used by a payout'', NEW.payment_hash USING ERRCODE = ''unique_violation''\073 END IF\073 RETURN NEW\073 END\073';

CREATE TRIGGER "payouts_payment_hash_used_once"
  BEFORE INSERT ON "payouts"
  FOR EACH ROW EXECUTE FUNCTION "payment_hash_used_once"();

CREATE TRIGGER "withdraw_payments_payment_hash_used_once"
  BEFORE INSERT ON "withdraw_payments"
  FOR EACH ROW EXECUTE FUNCTION "payment_hash_used_once"();
