// The methods a REST route does not serve: 405 in the API's error shape with an Allow header naming the
// methods it does, instead of Next.js's empty 405. A route file passes its own handlers, so the Allow header
// comes from the one place that defines them:
//   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
// HEAD: where the route serves GET, Next.js answers HEAD as GET without the body; elsewhere it is a 405 too
// (with no body, as HEAD answers have none). OPTIONS answers 204 with the same Allow header. The handlers made
// here are marked, so that the route registry's tests can tell them from the route's operations.
import { AppError } from "../errors";
import { errorResponse } from "./api";

const OPERATION_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type OperationMethod = (typeof OPERATION_METHODS)[number];
type Handler = (request: Request) => Response;
type Served = Partial<Record<OperationMethod, unknown>>;
type Refused<H extends Served> = Exclude<OperationMethod, keyof H> | (H extends { GET: unknown } ? never : "HEAD");

const NO_OPERATION = Symbol("answers no operation of the route");

/** Whether a route file's export is one of the answers made here, not an operation of the route. */
export function answersNoOperation(handler: unknown): boolean {
  return typeof handler === "function" && NO_OPERATION in handler;
}

const mark = (handler: Handler): Handler => Object.assign(handler, { [NO_OPERATION]: true });

export function otherMethods<H extends Served>(served: H): Record<Refused<H> | "OPTIONS", Handler> {
  const allow = OPERATION_METHODS.filter((method) => method in served).join(", ");
  const refuse = mark((request) => {
    const { pathname } = new URL(request.url);
    const refusal = errorResponse(new AppError("method_not_allowed", `${request.method} is not allowed on ${pathname}; it allows ${allow}.`));
    refusal.headers.set("Allow", allow);
    return request.method === "HEAD" ? new Response(null, { status: refusal.status, headers: refusal.headers }) : refusal;
  });
  const refused = [...OPERATION_METHODS.filter((method) => !(method in served)), ...("GET" in served ? [] : ["HEAD"])];
  const options = mark(() => new Response(null, { status: 204, headers: { Allow: allow } }));
  return { ...Object.fromEntries(refused.map((method) => [method, refuse])), OPTIONS: options } as Record<Refused<H> | "OPTIONS", Handler>;
}
