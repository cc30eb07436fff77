// Any other path under /api/v1: a JSON 404 in the API's error shape, not the app's HTML page.
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/web/api";

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorResponse(new AppError("route_not_found", `No API route ${request.method} ${pathname}. See /api/v1/openapi.json for the routes.`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
