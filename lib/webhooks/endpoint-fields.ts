// The endpoint columns the dashboard shows (never the encrypted secret).
export const ENDPOINT_FIELDS = { id: true, url: true, description: true, events: true, enabled: true, createdAt: true, disabledAt: true } as const;
