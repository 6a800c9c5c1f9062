/** Handlers for sync, acknowledgements and the meeting lifecycle. */
import { ackSubmitRequest, emptyRequest, setCurrentSpeakerRequest, syncRequest } from '../../../shared/protocol/schemas.ts';
import { REPLAY_BYTES_PER_UNIT, REPLAY_EVENTS_PER_UNIT, syncSession } from '../../meeting/snapshot.ts';
import { registerCommand, SNAPSHOT_COST } from '../command.ts';
import type { RealtimeDeps } from '../deps.ts';
import type { LuoshiSocket } from '../types.ts';

export function registerMeetingHandlers(socket: LuoshiSocket, deps: RealtimeDeps): void {
  const { log } = deps;

  registerCommand(socket, 'sync', {
    schema: syncRequest,
    roles: ['host', 'secretary', 'venue'],
    // A reply costs what it is worth, paid before it is built (the message itself already paid 1).
    handler: async (req, s, ctx) => ({
      data: await syncSession(deps.store, deps.presence, s, req.lastSeq, (reply) =>
        ctx.charge(reply.kind === 'snapshot' ? SNAPSHOT_COST - 1 : Math.floor(reply.events / REPLAY_EVENTS_PER_UNIT) + Math.floor(reply.bytes / REPLAY_BYTES_PER_UNIT)),
      ),
    }),
  }, log);

  registerCommand(socket, 'ack:submit', {
    schema: ackSubmitRequest,
    roles: ['venue'],
    handler: async (req, s) => {
      const { result, publish } = await deps.acks.submit(s, req.requirementId, req.kind, req.version);
      return { data: result, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:start', {
    schema: emptyRequest,
    roles: ['host'],
    handler: async (_req, s) => {
      const { result, publish } = await deps.lifecycle.start(s.meetingId);
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
    handler: async (_req, s) => {
      const { result, publish } = await deps.meetings.reopen(s);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'meeting:close-corrections', {
    schema: emptyRequest,
    roles: ['secretary', 'host'],
    handler: async (_req, s) => {
      const { result, publish } = await deps.meetings.closeCorrections(s);
      return { data: { meeting: result }, publish };
    },
  }, log);

  registerCommand(socket, 'speaker:set-current', {
    schema: setCurrentSpeakerRequest,
    roles: ['host', 'secretary'],
    handler: async (req, s) => {
      const { result, publish } = await deps.meetings.update(s.meetingId, { currentSpeakerId: req.speakerId });
      return { data: { meeting: result }, publish };
    },
  }, log);
}
