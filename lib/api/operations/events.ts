// Events: what happened to withdraws, payouts and deposits, as their REST operations, each with its method,
// path, the permission-table action its handler asks for, and its OpenAPI prose. Part of the one route
// registry (lib/api/registry.ts).
import { listEventsQuerySchema } from "../../webhooks/page-events";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

const list = pagedList({
  path: "/api/v1/events",
  action: "events.read",
  operationId: "listEvents",
  summary: "List events",
  query: listEventsQuerySchema,
  page: "A page of events.",
  schema: "EventList",
});

export const EVENT_OPERATIONS: ApiOperation[] = [
  {
    ...list,
    description: `${list.description} Filter by \`type\` and by the object an event is about (\`withdraw\`, \`payout\` or \`deposit\`; filters combine). Each event is exactly the body its webhook carries, never with a live withdraw link. Events are kept at least 30 days (Sluice deletes none today), so after an outage an integrator finds every event it missed with \`created[gte]\` or \`ending_before\`.`,
  },
  {
    method: "GET",
    path: "/api/v1/events/{id}",
    action: "events.read",
    operationId: "retrieveEvent",
    summary: "Retrieve an event",
    description: "The event: its type, when it happened and, in `data.object`, the withdraw, payout or deposit as it was then, exactly as its webhook carries it (never with a live withdraw link).",
    pathId: "The event's id.",
    pathIdPattern: "^evt_[0-9a-z]{26}$",
    success: { status: 200, description: "The event.", schema: "Event" },
    errors: [401, 404, 429],
  },
];
