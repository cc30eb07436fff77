-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('credit', 'reserve', 'release', 'payout', 'fee', 'adjustment');

-- CreateEnum
CREATE TYPE "WithdrawStatus" AS ENUM ('unpaid', 'processing', 'paid', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('in_flight', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "DepositStatus" AS ENUM ('pending', 'paid', 'expired');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('full', 'read_only');

-- CreateTable
CREATE TABLE "balances" (
    "merchant_id" TEXT NOT NULL,
    "available_msat" BIGINT NOT NULL DEFAULT 0,
    "reserved_msat" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "balances_pkey" PRIMARY KEY ("merchant_id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "available_delta_msat" BIGINT NOT NULL,
    "reserved_delta_msat" BIGINT NOT NULL,
    "available_after_msat" BIGINT NOT NULL,
    "reserved_after_msat" BIGINT NOT NULL,
    "withdraw_id" TEXT,
    "deposit_id" TEXT,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "withdraws" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "status" "WithdrawStatus" NOT NULL DEFAULT 'unpaid',
    "livemode" BOOLEAN NOT NULL,
    "amount" DECIMAL(32,16) NOT NULL,
    "currency" TEXT NOT NULL,
    "exchange_rate" DECIMAL(40,16) NOT NULL,
    "rate_source" TEXT NOT NULL,
    "target_amount_msat" BIGINT NOT NULL,
    "fee_limit_msat" BIGINT NOT NULL,
    "paid_amount_msat" BIGINT,
    "fees_msat" BIGINT,
    "ttl_seconds" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "statement_descriptor" TEXT,
    "metadata" JSONB,
    "lnurl_secret_hash" TEXT NOT NULL,
    "k1" TEXT NOT NULL,
    "claimed_payment_hash" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "expired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "withdraws_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "withdraw_payments" (
    "id" TEXT NOT NULL,
    "withdraw_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "amount_msat" BIGINT NOT NULL,
    "fee_limit_msat" BIGINT NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'in_flight',
    "fee_msat" BIGINT,
    "preimage" TEXT,
    "failure_reason" TEXT,
    "payee_pubkey" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "withdraw_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deposits" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "amount_msat" BIGINT NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "status" "DepositStatus" NOT NULL DEFAULT 'pending',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deposits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "withdraw_id" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scope" "ApiKeyScope" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_wallets" (
    "id" TEXT NOT NULL,
    "balance_msat" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_wallets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_invoices" (
    "payment_hash" TEXT NOT NULL,
    "wallet_id" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "preimage" TEXT NOT NULL,
    "amount_msat" BIGINT,
    "description" TEXT,
    "settled" BOOLEAN NOT NULL DEFAULT false,
    "settled_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_invoices_pkey" PRIMARY KEY ("payment_hash")
);

-- CreateTable
CREATE TABLE "sim_payments" (
    "wallet_id" TEXT NOT NULL,
    "payment_hash" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "amount_msat" BIGINT NOT NULL,
    "fee_msat" BIGINT NOT NULL DEFAULT 0,
    "status" "PaymentStatus" NOT NULL DEFAULT 'in_flight',
    "preimage" TEXT,
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "sim_payments_pkey" PRIMARY KEY ("wallet_id","payment_hash")
);

-- CreateTable
CREATE TABLE "sim_settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ledger_entries_merchant_id_created_at_id_idx" ON "ledger_entries"("merchant_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "ledger_entries_withdraw_id_idx" ON "ledger_entries"("withdraw_id");

-- CreateIndex
CREATE UNIQUE INDEX "withdraws_lnurl_secret_hash_key" ON "withdraws"("lnurl_secret_hash");

-- CreateIndex
CREATE INDEX "withdraws_merchant_id_created_at_id_idx" ON "withdraws"("merchant_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "withdraws_status_expires_at_idx" ON "withdraws"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "withdraw_payments_payment_hash_key" ON "withdraw_payments"("payment_hash");

-- CreateIndex
CREATE INDEX "withdraw_payments_status_checked_at_idx" ON "withdraw_payments"("status", "checked_at");

-- CreateIndex
CREATE INDEX "withdraw_payments_withdraw_id_idx" ON "withdraw_payments"("withdraw_id");

-- CreateIndex
CREATE UNIQUE INDEX "deposits_payment_hash_key" ON "deposits"("payment_hash");

-- CreateIndex
CREATE INDEX "deposits_merchant_id_created_at_idx" ON "deposits"("merchant_id", "created_at");

-- CreateIndex
CREATE INDEX "deposits_status_idx" ON "deposits"("status");

-- CreateIndex
CREATE INDEX "events_merchant_id_created_at_idx" ON "events"("merchant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_merchant_id_idx" ON "api_keys"("merchant_id");

-- AddForeignKey
ALTER TABLE "balances" ADD CONSTRAINT "balances_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdraw_payments" ADD CONSTRAINT "withdraw_payments_withdraw_id_fkey" FOREIGN KEY ("withdraw_id") REFERENCES "withdraws"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------
-- Guarantees the database itself keeps, whatever the application does. Written by hand, since the Prisma
-- schema language cannot express them. NOTE: the migration runner (the pg driver adapter) splits scripts at
-- every semicolon, comments included, so none may appear inside a statement or a comment: the trigger body
-- below writes its semicolons as the octal escape \073 in an E string.

-- A balance can never go negative: concurrent reservations from any number of instances serialise on the
-- row, and the one that would overdraw fails instead of committing.
ALTER TABLE "balances" ADD CONSTRAINT "balances_available_non_negative" CHECK ("available_msat" >= 0);
ALTER TABLE "balances" ADD CONSTRAINT "balances_reserved_non_negative" CHECK ("reserved_msat" >= 0);

ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_after_non_negative"
  CHECK ("available_after_msat" >= 0 AND "reserved_after_msat" >= 0);
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_moves"
  CHECK ("available_delta_msat" <> 0 OR "reserved_delta_msat" <> 0);

-- Money amounts are whole, positive and within the Bitcoin supply (21e6 BTC = 2.1e18 msat).
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_target_amount_valid"
  CHECK ("target_amount_msat" > 0 AND "target_amount_msat" % 1000 = 0 AND "target_amount_msat" <= 2100000000000000000);
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_fee_limit_valid" CHECK ("fee_limit_msat" >= 0);
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_paid_has_payment"
  CHECK ("status" <> 'paid' OR ("paid_amount_msat" IS NOT NULL AND "fees_msat" IS NOT NULL AND "paid_at" IS NOT NULL));
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_processing_has_claim"
  CHECK ("status" NOT IN ('processing', 'paid') OR "claimed_payment_hash" IS NOT NULL);

-- At most one payment of a withdraw is in flight or succeeded: a withdraw is paid exactly once, ever.
CREATE UNIQUE INDEX "withdraw_payments_one_live_per_withdraw"
  ON "withdraw_payments" ("withdraw_id") WHERE "status" IN ('in_flight', 'succeeded');

ALTER TABLE "deposits" ADD CONSTRAINT "deposits_amount_positive" CHECK ("amount_msat" > 0);
ALTER TABLE "sim_wallets" ADD CONSTRAINT "sim_wallets_balance_non_negative" CHECK ("balance_msat" >= 0);

-- The ledger is append-only.
CREATE FUNCTION "ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN RAISE EXCEPTION ''ledger entries are append-only (% refused)'', TG_OP\073 END\073';
CREATE TRIGGER "ledger_entries_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_append_only"();
