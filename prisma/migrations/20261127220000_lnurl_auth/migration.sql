-- Sign in with Lightning (LUD-04): linked wallet keys and the one-use k1 challenges
-- CreateEnum
CREATE TYPE "LnurlAuthAction" AS ENUM ('login', 'link');

-- CreateEnum
CREATE TYPE "LnurlAuthStatus" AS ENUM ('pending', 'verified', 'consumed', 'linked');

-- CreateTable
CREATE TABLE "lnurl_auth_keys" (
    "linking_key" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "lnurl_auth_keys_pkey" PRIMARY KEY ("linking_key"),
    CONSTRAINT "lnurl_auth_keys_linking_key_check" CHECK ("linking_key" ~ '^0[23][0-9a-f]{64}$')
);

-- CreateTable
CREATE TABLE "lnurl_auth_challenges" (
    "k1" TEXT NOT NULL,
    "action" "LnurlAuthAction" NOT NULL,
    "status" "LnurlAuthStatus" NOT NULL DEFAULT 'pending',
    "browser_secret_hash" TEXT NOT NULL,
    "user_id" TEXT,
    "linking_key" TEXT,
    "refusal" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lnurl_auth_challenges_pkey" PRIMARY KEY ("k1"),
    CONSTRAINT "lnurl_auth_challenges_k1_check" CHECK ("k1" ~ '^[0-9a-f]{64}$')
);

-- CreateIndex
CREATE UNIQUE INDEX "lnurl_auth_keys_user_id_key" ON "lnurl_auth_keys"("user_id");

-- CreateIndex
CREATE INDEX "lnurl_auth_challenges_expires_at_idx" ON "lnurl_auth_challenges"("expires_at");

-- CreateIndex
CREATE INDEX "lnurl_auth_challenges_user_id_idx" ON "lnurl_auth_challenges"("user_id");

-- AddForeignKey
ALTER TABLE "lnurl_auth_keys" ADD CONSTRAINT "lnurl_auth_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lnurl_auth_challenges" ADD CONSTRAINT "lnurl_auth_challenges_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
