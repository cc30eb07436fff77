// A moment for the dashboard's tables, in UTC with a fixed locale: the server renders it, and every viewer
// should read the same thing.
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function When({ at, never = "Never" }: { at: Date | null; never?: string }) {
  if (!at) return <span className="text-slate-600">{never}</span>;
  return <time dateTime={at.toISOString()}>{DATE.format(at)} UTC</time>;
}
