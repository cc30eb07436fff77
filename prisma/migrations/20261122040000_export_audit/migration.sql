-- CreateEnum
CREATE TYPE "ExportKind" AS ENUM ('withdraws', 'ledger', 'statement');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "exports" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "user_id" TEXT,
    "api_key_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "kind" "ExportKind" NOT NULL,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'running',
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "exports_merchant_id_created_at_idx" ON "exports"("merchant_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "exports" ADD CONSTRAINT "exports_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

