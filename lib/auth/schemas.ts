import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(10, "Use at least 10 characters for the password.")
  .max(200, "Use at most 200 characters for the password.");

export const roleSchema = z.enum(["owner", "admin", "finance"], {
  error: 'Role must be "owner", "admin" or "finance".',
});

export const merchantNameSchema = z
  .string({ error: "Enter the business name." })
  .trim()
  .min(1, "Enter the business name.")
  .max(100, "Use at most 100 characters for the business name.");

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const firstOwnerSchema = z.object({
  merchantName: merchantNameSchema,
  name: z.string().trim().max(100, "Use at most 100 characters for your name.").optional(),
  email: emailSchema,
  password: newPasswordSchema,
});

export type FirstOwnerInput = z.input<typeof firstOwnerSchema>;

export type Role = z.infer<typeof roleSchema>;
