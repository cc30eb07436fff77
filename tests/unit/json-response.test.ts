import { describe, expect, it } from "vitest";
import { jsonHeaders, jsonResponse } from "@/lib/web/json-response";

const headers = jsonHeaders({ "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });

describe("jsonResponse", () => {
  it("marks an answer under 1 KB no-transform, so that the server does not gzip it", async () => {
    const res = jsonResponse({ status: "OK" }, 200, headers);
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ status: "OK" });
  });

  it("leaves a larger answer to be compressed", async () => {
    const body = { rows: Array.from({ length: 100 }, (_, i) => ({ id: `wi_${i}`, amount: "1000" })) };
    const res = jsonResponse(body, 201, headers);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual(body);
  });

  it("adds no-transform when there was no Cache-Control", () => {
    expect(jsonResponse({}, 200, jsonHeaders({})).headers.get("cache-control")).toBe("no-transform");
  });
});
