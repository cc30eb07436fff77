// How long a dashboard session lives, in one place. The session cookie may say otherwise; the row decides.

/** A session unused this long has ended (idle expiry). */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;

/** However active, a session ends this long after sign-in (absolute expiry): sign in again. */
export const SESSION_MAX_SECONDS = 12 * 60 * 60;

/** last_seen_at is written at most this often per session, so a request costs one indexed read. */
export const SESSION_TOUCH_SECONDS = 60;

/** Ended sessions are deleted this long after they ended (background work). */
export const PURGE_ENDED_SESSIONS_AFTER_SECONDS = 7 * 24 * 60 * 60;
