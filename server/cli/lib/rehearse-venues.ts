/**
 * Child process of `rehearse`: N venue clients (MeetingMirror + acking), apart from the server's
 * event loop so their decoding does not inflate the measured delivery latency.
 * Protocol: parent sends `connect`, later `settle` with the published requirement ids; the child
 * waits until every venue shows and acknowledged them (bounded) and replies with `report`.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.ts';
import { startAckingVenue, type AckingVenue } from '../../protocol-client/acking-venue.ts';

type ParentMessage =
  | { type: 'connect'; url: string; tokens: string[] }
  | { type: 'settle'; requirementIds: string[]; timeoutMs: number }
  | { type: 'exit' };

export type RehearseChildMessage =
  | { type: 'connected'; count: number }
  | {
      type: 'report';
      latenciesMs: number[];
      /** Per requirement id: when each venue first showed it with its headline, Date.now() ms. */
      headlineArrivals: Record<string, number[]>;
      missing: number;
      duplicates: number;
      confirmedAcks: number;
      resyncs: number;
    }
  | { type: 'error'; message: string };

const send = (m: RehearseChildMessage) => process.send?.(m);
const venues: AckingVenue[] = [];
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

async function connectAll(url: string, tokens: string[]): Promise<void> {
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = await Promise.all(
      tokens.slice(i, i + 50).map(
        (token) =>
          new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
            const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200 });
            s.once('connect', () => resolve(s));
            s.once('connect_error', reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  venues.push(...sockets.map((s) => startAckingVenue(s)));
  await Promise.all(venues.map((v) => v.mirror.until(() => v.mirror.lastSeq !== null, 30_000, 'initial sync')));
  send({ type: 'connected', count: venues.length });
}

async function settle(ids: string[], timeoutMs: number): Promise<void> {
  const done = () => venues.every((v) => ids.every((id) => v.mirror.requirements.has(id) && v.confirmed.has(id)));
  const start = Date.now();
  while (!done() && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 100));
  const latenciesMs = venues.flatMap((v) => ids.map((id) => v.mirror.firstSeenLatencyMs.get(id)).filter((x): x is number => x !== undefined));
  const missing = venues.reduce((sum, v) => sum + ids.filter((id) => !v.mirror.requirements.has(id)).length, 0);
  const duplicates = venues.reduce((sum, v) => {
    const reqs = v.mirror.orderedRequirements();
    const keys = reqs.map((r) => `${r.listId}|${r.parentId ?? ''}|${r.ordinal}|${r.sortKey}`);
    return sum + v.mirror.stats.repeatedSeq + (reqs.length - new Set(reqs.map((r) => r.id)).size) + (keys.length - new Set(keys).size);
  }, 0);
  const confirmedAcks = venues.reduce((sum, v) => sum + ids.filter((id) => v.confirmed.has(id)).length, 0);
  const resyncs = venues.reduce((s, v) => s + v.mirror.stats.syncs - 1, 0);
  const headlineArrivals: Record<string, number[]> = {};
  for (const id of ids) headlineArrivals[id] = venues.map((v) => v.mirror.firstHeadlineAt.get(id)).filter((x): x is number => x !== undefined);
  send({ type: 'report', latenciesMs, headlineArrivals, missing, duplicates, confirmedAcks, resyncs });
}

process.on('message', (m: ParentMessage) => {
  const fail = (err: unknown) => send({ type: 'error', message: String(err) });
  if (m.type === 'connect') connectAll(m.url, m.tokens).catch(fail);
  else if (m.type === 'settle') settle(m.requirementIds, m.timeoutMs).catch(fail);
  else {
    for (const v of venues) v.stop();
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
