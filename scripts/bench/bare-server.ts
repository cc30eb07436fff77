// The physical limit for `npm run bench`: node:http answering the same withdrawRequest JSON as the empty route.
import { createServer } from "node:http";

const body = JSON.stringify({
  tag: "withdrawRequest",
  callback: "http://127.0.0.1/api/lnurl/w/bench/callback",
  k1: "0000000000000000000000000000000000000000000000000000000000000000",
  defaultDescription: "bench",
  minWithdrawable: 1000,
  maxWithdrawable: 1000,
});

const port = Number(process.env.PORT);
createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" });
  res.end(body);
}).listen(port, "127.0.0.1", () => console.log("ready"));
