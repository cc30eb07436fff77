// One export form: a plain GET form to the download route, so the browser itself saves the streamed file.
// Dates are whole days in the chosen time zone; the file's timestamps are always UTC.
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

export type ExportFormValues = Record<string, string | undefined>;
type Option = { value: string; label: string };

export function timeZoneOptions(): Option[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")].map((z) => ({ value: z, label: z }));
}

export function ExportForm({
  dataset,
  title,
  description,
  filters,
  values,
  error,
}: {
  dataset: "withdraws" | "ledger";
  title: string;
  description: string;
  filters: { name: string; label: string; options: Option[] }[];
  values: ExportFormValues;
  error?: string;
}) {
  const id = (name: string) => `${dataset}-${name}`;
  return (
    <form method="get" action="/exports/download" aria-labelledby={id("title")} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div>
        <h2 id={id("title")} className="text-lg font-semibold">{title}</h2>
        <p className="text-sm text-slate-600">{description}</p>
      </div>
      <input type="hidden" name="dataset" value={dataset} />
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {filters.map((f) => (
          <SelectField key={f.name} id={id(f.name)} name={f.name} label={f.label} options={[{ value: "", label: "All" }, ...f.options]} defaultValue={values[f.name] ?? ""} />
        ))}
        <TextField id={id("from")} name="from" type="date" label="From (first day)" defaultValue={values.from} />
        <TextField id={id("to")} name="to" type="date" label="To (last day, included)" defaultValue={values.to} />
        <SelectField
          id={id("tz")}
          name="tz"
          label="Time zone of the dates"
          hint="The days start at midnight in this zone. Times in the file are ISO 8601 UTC."
          options={timeZoneOptions()}
          defaultValue={values.tz ?? "UTC"}
        />
        <SelectField
          id={id("format")}
          name="format"
          label="Format"
          options={[
            { value: "csv", label: "CSV (spreadsheets)" },
            { value: "jsonl", label: "JSON Lines (one object per line)" },
          ]}
          defaultValue={values.format ?? "csv"}
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="bom" value="true" defaultChecked={values.bom === "true"} className="h-4 w-4 rounded border-slate-400" />
          For Excel (marks the CSV file as UTF-8)
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Download {title.toLowerCase()}
        </button>
      </div>
    </form>
  );
}
