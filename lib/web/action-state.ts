// What a server action without field-level state returns to its form on failure (action-errors.ts makes it).
// `refused` marks an LNURL service's refusal, which the claim page and the demo wallet show as such.
export type ActionFailure = { ok: false; message: string; field?: string; refused?: boolean };
