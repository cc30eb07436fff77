// One run of the webhook delivery job in a process of its own, at the time given in WEBHOOK_JOB_NOW (epoch
// ms), for the test that kills an instance mid-delivery.
import { disconnectDb } from "@/lib/db";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";

console.log("delivering");
const run = await deliverDueWebhooks(new Date(Number(process.env.WEBHOOK_JOB_NOW)));
console.log(`delivered ${JSON.stringify(run)}`);
await disconnectDb();
