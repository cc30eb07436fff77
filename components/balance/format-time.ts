/** A timestamp the same on the server and in every browser (no hydration drift): "2026-11-22 03:23:48 UTC". */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
