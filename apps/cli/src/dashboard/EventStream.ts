/**
 * Follows the API's server-sent event stream (`/api/events/stream`, read with fetch through the
 * typed client): parses messages, resumes with `Last-Event-ID` after a drop, and retries with a
 * growing delay while the server is unreachable.
 */
import { type Connection, failureOf, unreachable } from "../Server.ts";

export interface SseMessage {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

/** Splits a stream of SSE text into messages; feed it chunks, it returns the complete messages. */
export class SseParser {
  private buffer = "";
  push(chunk: string): SseMessage[] {
    this.buffer += chunk.replace(/\r\n?/g, "\n");
    const out: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end < 0) return out;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "id") id = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0 || event !== "message") out.push({ event, id, data: data.join("\n") });
    }
  }
}

export interface FollowOptions {
  onMessage(message: SseMessage): void;
  /** Connected (live) or not, with the reason. */
  onStatus(status: { live: boolean; message?: string }): void;
  /** First retry delay (ms); doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Follows the event stream until the returned function is called. */
export function followEvents(conn: Connection, options: FollowOptions): () => void {
  const controller = new AbortController();
  const first = options.retryMs ?? 1000;
  const max = options.maxRetryMs ?? 15_000;
  let lastId: string | undefined;
  let delay = first;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await conn.client.api.events.stream.$get(
          { query: {} },
          { headers: lastId ? { "last-event-id": lastId } : {}, init: { signal: controller.signal } },
        );
        if (!res.ok) throw await failureOf(res, "event stream");
        if (!res.body) throw new Error("the event stream has no body");
        const parser = new SseParser();
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const message of parser.push(decoder.decode(chunk, { stream: true }))) {
            if (message.event === "ready") {
              delay = first;
              options.onStatus({ live: true });
              continue;
            }
            if (message.id) lastId = message.id;
            options.onMessage(message);
          }
        }
        if (!controller.signal.aborted)
          options.onStatus({ live: false, message: "the event stream ended; reconnecting" });
      } catch (error) {
        if (controller.signal.aborted) return;
        const failure = error instanceof Error && "exit" in error ? error : unreachable(conn.url, error);
        options.onStatus({ live: false, message: failure.message });
      }
      await sleep(delay);
      delay = Math.min(max, delay * 2);
    }
  };
  void run();
  return () => controller.abort();
}
