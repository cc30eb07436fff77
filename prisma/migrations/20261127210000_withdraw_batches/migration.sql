-- Batch uploads: one CSV file of withdraws created in one transaction, and the link from each withdraw to
-- its batch and its row in the file
CREATE TABLE "withdraw_batches" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "user_id" TEXT,
    "api_key_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "file_name" TEXT,
    "row_count" INTEGER NOT NULL,
    "total_target_msat" BIGINT NOT NULL,
    "total_reserved_msat" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "withdraw_batches_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "withdraw_batches_row_count_check" CHECK ("row_count" > 0),
    CONSTRAINT "withdraw_batches_totals_check" CHECK ("total_target_msat" > 0 AND "total_reserved_msat" >= "total_target_msat")
);

-- CreateIndex
CREATE INDEX "withdraw_batches_merchant_id_created_at_id_idx" ON "withdraw_batches"("merchant_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "withdraw_batches" ADD CONSTRAINT "withdraw_batches_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable (nullable columns: no rewrite of existing rows)
ALTER TABLE "withdraws" ADD COLUMN "batch_id" TEXT,
ADD COLUMN "batch_row" INTEGER;

-- CreateIndex
CREATE INDEX "withdraws_batch_id_batch_row_idx" ON "withdraws"("batch_id", "batch_row");

-- AddForeignKey
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "withdraw_batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
