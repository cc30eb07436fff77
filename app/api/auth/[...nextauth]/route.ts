import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { isAppError } from "@/lib/errors";
import { authOptions } from "@/lib/web/auth-options";
import { readBodyBytes } from "@/lib/web/read-body";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, authOptions());
}

// next-auth parses a POST body itself (formData(), with no limit) and anyone may post to sign-in, so the
// body is read through the capped reader first and handed on as a fresh request.
async function post(request: NextRequest, context: Context) {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(request);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return Response.json({ error: error.message }, { status: error.status, headers: { "Cache-Control": "no-store" } });
  }
  const capped = new NextRequest(request.url, { method: "POST", headers: request.headers, body: body.byteLength > 0 ? body : undefined });
  return handler(capped, context);
}

export { handler as GET, post as POST };
