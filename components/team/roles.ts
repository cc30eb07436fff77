import type { Role } from "@/lib/auth/schemas";

export const ROLE_OPTIONS: readonly { value: Role; label: string }[] = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "finance", label: "Finance" },
];

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", finance: "Finance" };

// Owners and admins may do everything with money, finance only reads and exports; only owners manage the
// team (the permission table in lib/auth/permissions.ts is the rule; this is its summary for people).
export const ROLES_HINT = "Owner: everything, including the team. Admin: everything but the team. Finance: read-only and exports.";
