// What a server action returns to its form: field-level errors, one message, or success.
export type FormValues = Record<string, string>;

export type FirstOwnerState =
  | { status: "idle"; values?: FormValues }
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues }
  | { status: "created"; values?: FormValues };

export type FormState =
  | { status: "idle" }
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues };

/** The Team page's forms: like the others, plus a success message to announce. */
export type TeamFormState =
  | { status: "idle"; values?: FormValues }
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues }
  | { status: "done"; message: string; values?: FormValues };

/** The API keys page: a created key is shown once, in this state, and never again. */
export type ApiKeyFormState =
  | { status: "idle"; values?: FormValues }
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues }
  | { status: "created"; key: string; name: string; scope: "full" | "read_only" }
  | { status: "done"; message: string };
