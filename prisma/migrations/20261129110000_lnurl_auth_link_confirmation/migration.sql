-- Sign in with Lightning: a wallet's signature on a link k1 only proposes its key ('proposed'). The key is
-- linked ('linked') once the browser that asked for the code confirms it with its secret and the password.
-- Link codes a wallet signed before this migration were linked at once and stay as they are.
ALTER TYPE "LnurlAuthStatus" ADD VALUE IF NOT EXISTS 'proposed' BEFORE 'linked';
