// The limits of Sign in with Lightning (LUD-04), in one place.

/** A k1 is accepted for 5 minutes after it was made. */
export const CHALLENGE_TTL_SECONDS = 300;

/** After a wallet signed a login k1, the browser has this long to turn it into a session. */
export const SIGN_IN_GRACE_SECONDS = 120;

/** Expired challenges are kept this long (the page can still say "expired"), then purged. */
export const PURGE_AFTER_EXPIRY_SECONDS = 300;

/** At most this many unexpired, unused k1s at once, over the whole installation: the table cannot be flooded. */
export const MAX_PENDING_CHALLENGES = 1000;

/** At most this many unexpired, unused "link" k1s per user. */
export const MAX_PENDING_LINKS_PER_USER = 3;
