// The wiring every labelled form control shares: a label, a hint or an error, and the aria attributes that
// tie them to the control.
import type { ReactNode } from "react";

export type FieldProps = { label: string; name: string; id?: string; error?: string; hint?: string };

export function fieldControlProps({ name, id, error, hint }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = [error ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(" ");
  return { id: fieldId, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

export function controlClass(error: string | undefined, extra = "text-sm"): string {
  return `block w-full rounded-md border bg-white px-3 py-2 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 ${
    error ? "border-red-600" : "border-slate-300"
  } ${extra}`;
}

export function Field({ label, name, id, error, hint, children }: FieldProps & { children: ReactNode }) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${fieldId}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${fieldId}-error`} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
