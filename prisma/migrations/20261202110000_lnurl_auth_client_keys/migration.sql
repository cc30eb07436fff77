-- Every linking key the merchants' LNURL-auth client has shown a service, recorded before the signature leaves:
-- a k1 names no domain, so a service that received such a signature could pass it on to Sluice's own LNURL-auth
-- callback. Sign in with Lightning refuses these keys, for linking and for signing in.
CREATE TABLE "lnurl_auth_client_keys" (
    "linking_key" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lnurl_auth_client_keys_pkey" PRIMARY KEY ("linking_key"),
    CONSTRAINT "lnurl_auth_client_keys_linking_key" CHECK ("linking_key" ~ '^0[23][0-9a-f]{64}$')
);

CREATE INDEX "lnurl_auth_client_keys_merchant_id_idx" ON "lnurl_auth_client_keys"("merchant_id");

ALTER TABLE "lnurl_auth_client_keys" ADD CONSTRAINT "lnurl_auth_client_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The keys already shown: every sign-in attempt so far kept the key it used.
INSERT INTO "lnurl_auth_client_keys" ("linking_key", "merchant_id", "domain", "created_at")
SELECT DISTINCT ON ("linking_key") "linking_key", "merchant_id", "domain", "created_at"
  FROM "lnurl_auth_logins"
 ORDER BY "linking_key", "created_at";
