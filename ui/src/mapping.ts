// The owner's column mapping, edited one column at a time.
import type { Mapping, Role } from "./bindings";

export const ROLES: Role[] = [
  "date",
  "time",
  "receipt_id",
  "item",
  "category",
  "quantity",
  "unit_price",
  "gross",
  "discount",
  "net",
  "tax",
  "refund_flag",
  "status",
  "refund_amount",
  "refund_date",
  "original_receipt",
  "customer_phone",
  "customer_id",
  "member_card",
  "customer_name",
];

/** The mapping with `column` given `role` (or no role), each role used at most once. */
export function assignRole(mapping: Mapping, column: number, role: Role | null): Mapping {
  const columns = mapping.columns.filter(([r, c]) => c !== column && r !== role);
  if (role) columns.push([role, column]);
  return { ...mapping, columns };
}

export function roleOf(mapping: Mapping, column: number): Role | null {
  return mapping.columns.find(([, c]) => c === column)?.[0] ?? null;
}
