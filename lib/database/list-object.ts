// The list envelope of the REST API: { object: "list", url, data, has_more }, as Stripe and Speed answer. It stands beside
// the keyset pager, below the domains whose lists it wraps.
import { z } from "zod";

export function listObjectSchema<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal("list"),
    url: z.string().describe("The path this list was read from."),
    data: z.array(item),
    has_more: z.boolean().describe("Whether more objects follow in the direction of paging."),
  });
}

export function listObject<T>(url: string, data: T[], hasMore: boolean) {
  return { object: "list" as const, url, data, has_more: hasMore };
}
