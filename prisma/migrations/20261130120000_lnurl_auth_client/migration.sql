-- LNURL-auth as a client: Sluice signs in to other services with a linking key per domain (LUD-05), derived
-- from one secret per merchant. The secret is stored only sealed by the application (AES-256-GCM), one row per
-- merchant, so the primary key makes two instances racing to create it end with one.
CREATE TABLE "lnurl_auth_seeds" (
    "merchant_id" TEXT NOT NULL,
    "sealed_seed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lnurl_auth_seeds_pkey" PRIMARY KEY ("merchant_id")
);

ALTER TABLE "lnurl_auth_seeds" ADD CONSTRAINT "lnurl_auth_seeds_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every attempt, with its outcome. No k1 and no signature: nothing here signs anything.
CREATE TABLE "lnurl_auth_logins" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "linking_key" TEXT NOT NULL,
    "action" TEXT,
    "status" TEXT NOT NULL,
    "error_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lnurl_auth_logins_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "lnurl_auth_logins_status" CHECK ("status" IN ('ok', 'error')),
    CONSTRAINT "lnurl_auth_logins_reason" CHECK (("status" = 'error') = ("error_reason" IS NOT NULL)),
    CONSTRAINT "lnurl_auth_logins_linking_key" CHECK ("linking_key" ~ '^0[23][0-9a-f]{64}$')
);

CREATE INDEX "lnurl_auth_logins_merchant_id_created_at_id_idx" ON "lnurl_auth_logins"("merchant_id", "created_at" DESC, "id" DESC);

CREATE INDEX "lnurl_auth_logins_merchant_id_domain_idx" ON "lnurl_auth_logins"("merchant_id", "domain");

ALTER TABLE "lnurl_auth_logins" ADD CONSTRAINT "lnurl_auth_logins_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
