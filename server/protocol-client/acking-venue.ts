/**
 * A venue client that acknowledges (`received`) every published requirement it sees,
 * retrying until the server answers — the at-least-once side of acknowledgements.
 */
import type { Requirement } from '../../shared/protocol/domain.ts';
import { MeetingMirror, type MirrorSocket } from './meeting-mirror.ts';

/** How often pending acks are (re)tried, ms. */
const ACK_SCAN_MS = 100;
/** Per-attempt timeout, ms. */
const ACK_TIMEOUT_MS = 3000;

export interface AckingVenue {
  mirror: MeetingMirror;
  /** Requirement ids whose ack the server confirmed. */
  confirmed: Set<string>;
  stop(): void;
}

export function startAckingVenue(socket: MirrorSocket): AckingVenue {
  const mirror = new MeetingMirror(socket);
  const confirmed = new Set<string>();
  const inFlight = new Set<string>();
  const tryAck = (r: Requirement) => {
    if (confirmed.has(r.id) || inFlight.has(r.id) || r.status !== 'published') return;
    inFlight.add(r.id);
    socket.timeout(ACK_TIMEOUT_MS).emit('ack:submit', { requirementId: r.id, kind: 'received' }, (err, res) => {
      inFlight.delete(r.id);
      if (!err && res.ok) confirmed.add(r.id);
    });
  };
  const timer = setInterval(() => {
    if (socket.connected) for (const r of mirror.orderedRequirements()) tryAck(r);
  }, ACK_SCAN_MS);
  return { mirror, confirmed, stop: () => clearInterval(timer) };
}
