import { db } from "../db";
import { AppError } from "../errors";
import type { StoredEvent } from "./event-body";
import { EVENT_FIELDS } from "./page-events";

/** One event of one merchant; another merchant's event is a plain not-found. */
export async function getEvent(merchantId: string, id: string): Promise<StoredEvent> {
  const row = await db().event.findFirst({ where: { id, merchantId }, select: EVENT_FIELDS });
  if (!row) throw new AppError("not_found", `No event ${id}.`, "id");
  return row;
}
