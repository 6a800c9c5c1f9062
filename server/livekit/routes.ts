/**
 * /api/livekit/* as one encapsulated Fastify plugin: config, token, webhook and host commands.
 * Everything it needs arrives as options (deps object), so tests register it on a bare Fastify
 * instance with in-memory records and a real WebhookReceiver. Like every route: zod body schemas,
 * `Authorization: Bearer` parsed by http/organiser-auth.ts, errors through the shared mapper
 * (installed on this scope too, so it holds on a bare instance).
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { WebhookReceiver } from 'livekit-server-sdk';
import type { SessionClaims } from '../../shared/protocol/index.ts';
import {
  muteVenueRequest,
  rollCallRequest,
  spotlightRequest,
  transcriptionSpeakerRequest,
  type LiveKitConfigReply,
  type LiveKitTokenReply,
} from '../../shared/livekit/api.ts';
import { DomainError } from '../errors.ts';
import { bearerToken } from '../http/organiser-auth.ts';
import { installErrorMapper, installZodValidator, type ZodTypeProvider } from '../http/zod-validation.ts';
import type { LiveKitConfig, LiveKitEnabled } from './config.ts';
import type { LiveKitHost } from './host.ts';
import type { LiveKitLifecycle } from './lifecycle.ts';
import { LiveKitUnavailableError, VenueNotInRoomError, type LiveKitRooms } from './room-service.ts';
import { createParticipantToken } from './tokens.ts';
import { createKeyedQueue } from '../meeting/keyed-queue.ts';
import { AttendanceTracker, interpretWebhook, type RoomHappening } from './webhook.ts';

/** Largest webhook body accepted, bytes (LiveKit's are a few KB). */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;
/** Largest host-command body accepted, bytes. */
const COMMAND_BODY_LIMIT_BYTES = 4 * 1024;

export interface LiveKitRouteOptions {
  config: LiveKitConfig;
  host: LiveKitHost;
  /** Null when LiveKit is disabled. */
  rooms: LiveKitRooms | null;
  /** Null when LiveKit is disabled. */
  lifecycle: LiveKitLifecycle | null;
}

export async function liveKitRoutes(root: FastifyInstance, options: LiveKitRouteOptions): Promise<void> {
  const { config, host, rooms, lifecycle } = options;
  installZodValidator(root);
  installErrorMapper(root, (err, request) => {
    if (err instanceof VenueNotInRoomError) return new DomainError('not_found', ['venue is not connected to video']);
    if (err instanceof LiveKitUnavailableError) {
      request.log.warn({ err: err.message }, 'livekit call failed');
      return new DomainError('livekit_unavailable');
    }
    return null;
  });
  const app = root.withTypeProvider<ZodTypeProvider>();

  const authenticate = (request: FastifyRequest): SessionClaims => {
    const token = bearerToken(request);
    const claims = token ? host.verifySession(token) : null;
    if (!claims) throw new DomainError('unauthorized');
    return claims;
  };
  const requireEnabled = (): LiveKitEnabled => {
    if (!config.enabled) throw new DomainError('livekit_disabled');
    return config;
  };

  app.get('/api/livekit/config', async (): Promise<LiveKitConfigReply> =>
    config.enabled ? { enabled: true, url: config.url } : { enabled: false },
  );

  app.post('/api/livekit/token', { bodyLimit: COMMAND_BODY_LIMIT_BYTES }, async (request): Promise<LiveKitTokenReply> => {
    const claims = authenticate(request);
    const enabled = requireEnabled();
    const meeting = await host.getMeeting(claims.meetingId);
    const venue = meeting ? await host.getVenue(meeting.id, claims.venueId) : null;
    if (!meeting || !venue) throw new DomainError('not_found');
    if (meeting.status === 'ended') throw new DomainError('meeting_not_live');
    // The room exists (with metadata and timeouts) before anyone can join it: tokens carry no roomConfig.
    await rooms?.ensureMeetingRoom(meeting);
    const issued = await createParticipantToken(enabled, { role: claims.role, meeting, venue });
    return { url: enabled.url, ...issued };
  });

  /** Host-only command preamble: the meeting must be live and the venue (if any) its own. */
  const hostCommand = async <T extends { venueId: string | null }>(request: FastifyRequest, body: T) => {
    const claims = authenticate(request);
    if (claims.role !== 'host') throw new DomainError('forbidden');
    requireEnabled();
    const meeting = await host.getMeeting(claims.meetingId);
    if (!meeting) throw new DomainError('not_found');
    if (meeting.status !== 'live' || !rooms || !lifecycle) throw new DomainError('meeting_not_live');
    if (body.venueId !== null && !(await host.getVenue(meeting.id, body.venueId))) {
      throw new DomainError('not_found');
    }
    return { meetingId: meeting.id, body, rooms, lifecycle };
  };

  app.post('/api/livekit/mute', { bodyLimit: COMMAND_BODY_LIMIT_BYTES, schema: { body: muteVenueRequest } }, async (request) => {
    const { meetingId, body, rooms } = await hostCommand(request, request.body);
    return rooms.muteVenue(meetingId, body.venueId, body.muted);
  });

  app.post('/api/livekit/spotlight', { bodyLimit: COMMAND_BODY_LIMIT_BYTES, schema: { body: spotlightRequest } }, async (request) => {
    const { meetingId, body, rooms } = await hostCommand(request, request.body);
    return { metadata: await rooms.spotlight(meetingId, body.venueId) };
  });

  app.post('/api/livekit/roll-call', { bodyLimit: COMMAND_BODY_LIMIT_BYTES, schema: { body: rollCallRequest } }, async (request) => {
    const { meetingId, body, rooms } = await hostCommand(request, request.body);
    return rooms.rollCall(meetingId, body.venueId);
  });

  app.post('/api/livekit/speaker', { bodyLimit: COMMAND_BODY_LIMIT_BYTES, schema: { body: transcriptionSpeakerRequest } }, async (request) => {
    const { meetingId, body, rooms, lifecycle } = await hostCommand(request, request.body);
    const switched = lifecycle.switchSpeaker(meetingId, body.venueId);
    return { switched, metadata: await rooms.setTranscribedSpeaker(meetingId, body.venueId) };
  });

  await app.register(webhookRoute, options);
}

/**
 * The webhook in its own scope: LiveKit signs the exact bytes it sent, so the body must reach
 * WebhookReceiver unparsed. The raw-string parsers registered here affect this route only.
 */
async function webhookRoute(app: FastifyInstance, options: LiveKitRouteOptions): Promise<void> {
  const { config, host, lifecycle } = options;
  const receiver = config.enabled ? new WebhookReceiver(config.apiKey, config.apiSecret) : null;
  const attendance = new AttendanceTracker();
  // One meeting's webhooks are applied in the order they arrived: each awaits the database, and a
  // venue's leave must not be stored before its join.
  const perMeeting = createKeyedQueue();

  async function apply(happening: Exclude<RoomHappening, { type: 'ignored' }>, log: FastifyBaseLogger): Promise<void> {
    switch (happening.type) {
      case 'venue-joined':
      case 'venue-left': {
        if (!(await host.getVenue(happening.meetingId, happening.venueId))) return;
        const presence = attendance.apply(happening);
        if (presence) await host.recordAttendance(happening.meetingId, presence);
        return;
      }
      case 'room-finished': {
        for (const presence of attendance.closeMeeting(happening.meetingId, happening.atMs)) {
          await host.recordAttendance(happening.meetingId, presence);
        }
        const meeting = await host.getMeeting(happening.meetingId);
        // Our own deleteRoom (meeting ended) also produces room_finished: then nothing is live.
        if (meeting?.status === 'live') {
          log.warn({ meetingId: meeting.id }, 'livekit room finished while the meeting was live; ending it');
          await lifecycle?.roomFinished(meeting.id);
          await host.endMeeting(meeting.id);
        }
        return;
      }
      default: {
        const unexpected: never = happening;
        throw new Error(`unhandled webhook ${JSON.stringify(unexpected)}`);
      }
    }
  }

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/api/livekit/webhook', { bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, async (request, reply) => {
    if (!receiver) throw new DomainError('livekit_disabled');
    const body = typeof request.body === 'string' ? request.body : '';
    const auth = request.headers.authorization;
    let event;
    try {
      // Empty auth → the receiver throws; skipAuth is never used.
      event = await receiver.receive(body, typeof auth === 'string' ? auth : undefined);
    } catch (err) {
      request.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'rejected livekit webhook');
      throw new DomainError('unauthorized');
    }
    const happening = interpretWebhook(event, Date.now());
    if (happening.type !== 'ignored') await perMeeting.run(happening.meetingId, () => apply(happening, request.log));
    return reply.code(200).send({ ok: true });
  });
}
