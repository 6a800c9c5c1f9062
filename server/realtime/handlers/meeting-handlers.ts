/** Handlers for sync, acknowledgements and the meeting lifecycle. */
import { ackSubmitRequest, emptyRequest, setCurrentSpeakerRequest, syncRequest } from '../../../shared/protocol/schemas.ts';
import { syncSession } from '../../meeting/snapshot.ts';
import { registerCommand, SNAPSHOT_COST } from '../command.ts';
import type { RealtimeDeps } from '../deps.ts';
import type { LuoshiSocket } from '../types.ts';

export function registerMeetingHandlers(socket: LuoshiSocket, deps: RealtimeDeps): void {
  const { log } = deps;

  registerCommand(socket, 'sync', {
    schema: syncRequest,
    roles: ['host', 'secretary', 'venue'],
    // A snapshot costs what it is worth (the message itself already paid 1); a replay 1 per 100 events.
    handler: (req, s, ctx) => {
      const reply = syncSession(deps.store, deps.presence, s, req.lastSeq, () => ctx.charge(SNAPSHOT_COST - 1));
      if (reply.kind === 'events' && reply.events.length >= 100) ctx.charge(Math.floor(reply.events.length / 100));
      return { data: reply };
    },
  }, log);

  registerCommand(socket, 'ack:submit', {
    schema: ackSubmitRequest,
    roles: ['venue'],
    handler: (req, s) => {
      const { result, publish } = deps.acks.submit(s, req.requirementId, req.kind, req.version);
      return { data: result, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:start', {
    schema: emptyRequest,
    roles: ['host'],
    handler: (_req, s) => {
      const { result, publish } = deps.lifecycle.start(s.meetingId);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:end', {
    schema: emptyRequest,
    roles: ['host'],
    handler: async (_req, s) => {
      const { result, publish } = await deps.lifecycle.end(s.meetingId);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:reopen', {
    schema: emptyRequest,
    roles: ['secretary', 'host'],
    handler: (_req, s) => {
      const { result, publish } = deps.meetings.reopen(s);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:close-corrections', {
    schema: emptyRequest,
    roles: ['secretary', 'host'],
    handler: (_req, s) => {
      const { result, publish } = deps.meetings.closeCorrections(s);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'speaker:set-current', {
    schema: setCurrentSpeakerRequest,
    roles: ['host', 'secretary'],
    handler: (req, s) => {
      const { result, publish } = deps.meetings.update(s.meetingId, { currentSpeakerId: req.speakerId });
      return { data: { meeting: result }, publish };
    },
  }, log);
}
