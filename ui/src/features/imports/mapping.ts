// The owner's column mapping, edited one column at a time.
import type { LineKind, Mapping, Role } from "../../lib/bindings";
import { keysOf } from "../../lib/i18n";
import { words } from "./strings";

/** Every role, in the order the mapping step lists them: the keys of the role labels, which the
 * type checker holds to the Rust `Role` (a role added there and not labelled here fails `tsc`). */
export const ROLES: Role[] = keysOf(words.en.roles);

/** The mapping with `column` given `role` (or no role), each role used at most once. */
export function assignRole(mapping: Mapping, column: number, role: Role | null): Mapping {
  const columns = mapping.columns.filter(([r, c]) => c !== column && r !== role);
  if (role) columns.push([role, column]);
  return { ...mapping, columns };
}

export function roleOf(mapping: Mapping, column: number): Role | null {
  return mapping.columns.find(([, c]) => c === column)?.[0] ?? null;
}

/** The mapping with the owner's meaning of status `value` (or none, back to the rules). */
export function assignStatus(mapping: Mapping, value: string, kind: LineKind | null): Mapping {
  const statuses = mapping.statuses.filter(([v]) => v !== value);
  if (kind) statuses.push([value, kind]);
  return { ...mapping, statuses };
}

export function statusOf(mapping: Mapping, value: string): LineKind | null {
  return mapping.statuses.find(([v]) => v === value)?.[1] ?? null;
}
