import type { TextareaHTMLAttributes } from "react";
import { controlClass, Field, fieldControlProps, type FieldProps } from "./field";

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps;

export function TextArea({ label, name, error, hint, id, className = "", ...input }: Props) {
  const field = { label, name, error, hint, id };
  return (
    <Field {...field}>
      <textarea {...fieldControlProps(field)} className={`${controlClass(error, "font-mono text-xs leading-5")} ${className}`} {...input} />
    </Field>
  );
}
