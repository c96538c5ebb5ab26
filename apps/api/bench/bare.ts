/** Benchmark worker: a bare node:http hello-world on a free loopback port, for comparison. */
import { createServer } from "node:http";
import { parentPort } from "node:worker_threads";

const body = JSON.stringify({ hello: "world" });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === "object" && address ? address.port : 0 });
});
parentPort?.on("message", (message) => {
  if (message === "stop") server.close(() => process.exit(0));
});
