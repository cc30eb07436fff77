import { sessionDownload } from "@/lib/web/session-export";

export const GET = sessionDownload;
