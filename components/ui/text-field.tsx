import type { InputHTMLAttributes } from "react";
import { controlClass, Field, fieldControlProps, type FieldProps } from "./field";

type Props = InputHTMLAttributes<HTMLInputElement> & FieldProps;

export function TextField({ label, name, error, hint, id, ...input }: Props) {
  const field = { label, name, error, hint, id };
  return (
    <Field {...field}>
      <input {...fieldControlProps(field)} className={controlClass(error)} {...input} />
    </Field>
  );
}
