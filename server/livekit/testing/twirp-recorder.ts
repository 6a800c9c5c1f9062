/**
 * A loopback HTTP endpoint (127.0.0.1, port 0) that records the Twirp requests LiveKit's
 * RoomServiceClient sends and answers each method with a reply the test chooses. It checks
 * nothing itself: tests assert on the recorded paths, bodies and Authorization headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedTwirpCall {
  /** e.g. /twirp/livekit.RoomService/CreateRoom */
  path: string;
  /** Method name, e.g. CreateRoom. */
  method: string;
  contentType: string | undefined;
  authorization: string | undefined;
  /** Parsed JSON body. */
  body: Record<string, unknown>;
}

/** Reply for one call: status and JSON body. */
export type TwirpReply = { status: number; body: unknown };
export type TwirpResponder = (call: RecordedTwirpCall) => TwirpReply;

export interface TwirpRecorder {
  url: string;
  calls: RecordedTwirpCall[];
  /** Replace the reply of one method. */
  respond(method: string, responder: TwirpResponder): void;
  close(): Promise<void>;
}

export async function startTwirpRecorder(): Promise<TwirpRecorder> {
  const calls: RecordedTwirpCall[] = [];
  const responders = new Map<string, TwirpResponder>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        // The SDK sends protobuf JSON objects; tests assert on the fields.
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { unparsable: text };
      }
      const path = req.url ?? '';
      const call: RecordedTwirpCall = {
        path,
        method: path.split('/').pop() ?? '',
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
      };
      calls.push(call);
      const reply = responders.get(call.method)?.(call) ?? { status: 200, body: {} };
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // listen() on a TCP port always yields an AddressInfo (not a pipe name).
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    respond: (method, responder) => void responders.set(method, responder),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
