"use client";

import { useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BatchFormState } from "./batch-form-state";

type Props = {
  action: (state: BatchFormState, form: FormData) => Promise<BatchFormState>;
  maxRows: number;
  maxKilobytes: number;
};

export function BatchUploadForm({ action, maxRows, maxKilobytes }: Props) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as BatchFormState);
  const problems = useRef<HTMLDivElement>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  // A file over the limit is refused here, before it is sent (the server refuses it too).
  function checkSize(event: FormEvent<HTMLFormElement>) {
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (file && file.size > maxKilobytes * 1024) {
      event.preventDefault();
      setTooLarge(`${file.name} is ${Math.ceil(file.size / 1024)} KB; a batch file is at most ${maxKilobytes} KB. Split it into several batches.`);
      problems.current?.focus();
    } else {
      setTooLarge(null);
    }
  }

  // After a refused upload, move focus to the list of problems so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (state.status !== "idle") problems.current?.focus();
  }, [state]);

  return (
    <form action={formAction} onSubmit={checkSize} className="space-y-4">
      <div className="space-y-1">
        <label htmlFor="batch-file" className="block text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input
          id="batch-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby="batch-file-help"
          aria-invalid={tooLarge || state.status !== "idle" ? true : undefined}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-4 file:py-2 file:text-sm file:font-medium file:text-white hover:file:bg-slate-900"
        />
        <p id="batch-file-help" className="text-xs text-slate-600">
          UTF-8, at most {maxRows.toLocaleString("en-US")} withdraws and {maxKilobytes} KB. All rows are created together, or none.
        </p>
      </div>

      <div ref={problems} tabIndex={-1} className="space-y-2 outline-none">
        {tooLarge ? <Alert tone="error">{tooLarge}</Alert> : null}
        {!tooLarge && state.status === "failed" ? <Alert tone="error">{state.message}</Alert> : null}
        {!tooLarge && state.status === "invalid" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-3 text-sm text-red-800">
            <p className="font-medium">
              {state.fileName ? `${state.fileName}: ` : ""}
              {state.message}
            </p>
            <ul aria-label="Rows with errors" className="mt-2 list-disc space-y-1 pl-5">
              {state.errors.map((e, i) => (
                <li key={`${e.row}-${e.column}-${i}`}>
                  <span className="font-medium">Row {e.row}</span>
                  {e.column ? <>, {e.column}</> : null}: {e.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      <Button type="submit" disabled={pending}>
        {pending ? "Uploading…" : "Upload and create withdraws"}
      </Button>
    </form>
  );
}
