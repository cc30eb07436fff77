import type { SelectHTMLAttributes } from "react";
import { controlClass, Field, fieldControlProps, type FieldProps } from "./field";

type Props = SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { options: readonly { value: string; label: string }[] };

/** A labelled native select, with the same error and hint wiring as TextField. */
export function SelectField({ label, name, options, error, hint, id, ...select }: Props) {
  const field = { label, name, error, hint, id };
  return (
    <Field {...field}>
      <select {...fieldControlProps(field)} className={controlClass(error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
