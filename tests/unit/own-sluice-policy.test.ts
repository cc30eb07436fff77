// "This Sluice only" (ownSluicePolicy in lib/lnurl-client/service-policy.ts), the demo wallet's target policy:
// only PUBLIC_URL's host (with its port) is called, in PUBLIC_URL's scheme; any other is refused in the
// caller's words before a lookup; the other LNURL rules that are not about addresses still hold.
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { checkServiceUrl, ownSluicePolicy, resolveServiceTarget } from "@/lib/lnurl-client/service-policy";
import { rejectedAppError } from "../support/app-errors";

const words = {
  notAUrl: () => new AppError("validation_error", "not a web address"),
  otherHost: (url: URL) => new AppError("validation_error", `only this Sluice, not ${url.host || "nowhere"}`),
};

describe("this Sluice only", () => {
  it("takes this Sluice's host and gives it PUBLIC_URL's scheme", () => {
    const policy = ownSluicePolicy({ publicUrl: "http://localhost:3000" }, words);
    expect(checkServiceUrl("https://localhost:3000/api/lnurl/w/x?k=1", policy).href).toBe("http://localhost:3000/api/lnurl/w/x?k=1");
  });

  it.each([
    ["another host", "https://evil.example/w", "only this Sluice, not evil.example"],
    ["another port", "http://localhost:3001/w", "only this Sluice, not localhost:3001"],
    ["its address instead of its name", "http://127.0.0.1:3000/w", "only this Sluice, not 127.0.0.1:3000"],
    ["no host", "mailto:someone", "only this Sluice, not nowhere"],
    ["no URL", "not a url", "not a web address"],
  ])("refuses %s before any lookup", async (_what, url, message) => {
    const resolve = vi.fn(async () => [{ address: "127.0.0.1", family: 4 }]);
    const error = await rejectedAppError(resolveServiceTarget(url, { ...ownSluicePolicy({ publicUrl: "http://localhost:3000" }, words), resolve }));
    expect(error.message).toBe(message);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("still refuses credentials in the URL", async () => {
    const policy = ownSluicePolicy({ publicUrl: "http://localhost:3000" }, words);
    expect((await rejectedAppError(resolveServiceTarget("http://user:pw@localhost:3000/w", policy))).code).toBe("lnurl_url_not_allowed");
  });

  it("pins the address this Sluice's host resolves to, private or not", async () => {
    const policy = { ...ownSluicePolicy({ publicUrl: "https://pay.internal.example" }, words), resolve: async () => [{ address: "10.0.0.5", family: 4 }] };
    expect(await resolveServiceTarget("https://pay.internal.example/api/lnurl/w/x", policy)).toMatchObject({ address: "10.0.0.5", host: "pay.internal.example" });
  });

  it("connects where a route says (tests), naming the host as called", async () => {
    const policy = ownSluicePolicy({ publicUrl: "https://shop.example", route: (url) => url.replace("https://shop.example", "http://127.0.0.1:4000") }, words);
    const target = await resolveServiceTarget("https://shop.example/w?k=1", policy);
    expect(target).toMatchObject({ address: "127.0.0.1", family: 4, host: "shop.example" });
    expect(target.url.href).toBe("http://127.0.0.1:4000/w?k=1");
  });
});
