// What each role may do (PRODUCT.md §8): owners and admins everything, finance read-only and exports;
// only owners manage users.
import type { Role } from "./schemas";

export function canManageMoney(role: Role): boolean {
  return role === "owner" || role === "admin";
}

export function canManageUsers(role: Role): boolean {
  return role === "owner";
}
