import type { Role } from "@/lib/auth/schemas";

export const ROLE_OPTIONS: readonly { value: Role; label: string }[] = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "finance", label: "Finance" },
];

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", finance: "Finance" };

// PRODUCT.md §8: owners and admins may do everything with money, finance only read and export; only owners
// manage the team.
export const ROLES_HINT = "Owner: everything, including the team. Admin: everything but the team. Finance: read-only and exports.";
