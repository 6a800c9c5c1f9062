/**
 * LiveKit as one Fastify plugin, registered always (after the core app, whose decorated
 * services it uses). Disabled (no LIVEKIT_* set): config says `{ enabled: false }` and the other
 * routes answer `livekit_disabled`. Enabled: rooms follow meeting status, the hidden agent
 * transcribes the current speaker, webhooks feed attendance, host commands drive the room.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { liveKitConfigFrom, type LiveKitConfig } from './config.ts';
import type { LiveKitHost } from './host.ts';
import { AGENT_RETRY_DELAYS_MS, LiveKitLifecycle } from './lifecycle.ts';
import { AGENT_SWEEP_MS, agentLease, holdLeasesForAgents, sweepAgents } from './agent-lease.ts';
import { LiveKitRooms } from './room-service.ts';
import { liveKitRoutes } from './routes.ts';

/** What the plugin decorates onto the instance (tests and tools inspect it). */
export interface LiveKitServices {
  config: LiveKitConfig;
  rooms: LiveKitRooms | null;
  lifecycle: LiveKitLifecycle | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    livekit: LiveKitServices;
  }
}

/** Adapts the core's decorated services to the LiveKit module's deps object. */
export function hostFromApp(app: FastifyInstance): LiveKitHost {
  const control = app.meetingControl;
  return {
    verifySession: (token) => app.sessions.verify(token),
    getMeeting: (id) => control.getMeeting(id),
    getVenue: (meetingId, venueId) => control.getVenue(meetingId, venueId),
    recordAttendance: (meetingId, presence) => control.recordAttendance(meetingId, presence),
    endMeeting: async (meetingId) => {
      await control.endMeeting(meetingId);
    },
    meetingAudio: app.meetingAudio,
    onMeetingStatus: (listener) => control.onMeetingStatus(listener),
  };
}

async function liveKitPlugin(app: FastifyInstance): Promise<void> {
  // Registered from app.ts and (dynamically) from main.ts: the second registration is a no-op.
  if (app.hasDecorator('livekit')) return;
  if (!app.hasDecorator('meetingControl') || !app.hasDecorator('meetingAudio') || !app.hasDecorator('sessions')) {
    throw new Error('the LiveKit plugin must be registered after the core app (meetingControl, meetingAudio, sessions)');
  }
  const config = liveKitConfigFrom(app.config.livekit);
  const host = hostFromApp(app);
  let rooms: LiveKitRooms | null = null;
  let lifecycle: LiveKitLifecycle | null = null;

  if (config.enabled) {
    const enabled = config;
    const log = app.log.child({ module: 'livekit' });
    rooms = new LiveKitRooms(enabled);
    const mainVenueOf = async (meetingId: string) => (await app.meetingControl.venues(meetingId)).find((v) => v.isMain)?.id ?? null;
    lifecycle = new LiveKitLifecycle(
      rooms,
      async (meetingId, speakerIdentity) => {
        // Loaded only when LiveKit is on: rtc-node brings a native library the text-only setup never needs.
        const { LiveKitAgent } = await import('./agent.ts');
        return LiveKitAgent.start({ config: enabled, meetingId, speakerIdentity, audio: host.meetingAudio, log });
      },
      mainVenueOf,
      log,
      AGENT_RETRY_DELAYS_MS,
      // One agent per meeting across the nodes: the holder of its ASR lease runs it.
      agentLease(app.asrLeases),
    );
    const running = lifecycle;
    const releaseLeases = holdLeasesForAgents(app.asrLeases, running, log);
    const sweep = setInterval(() => {
      sweepAgents({ keeper: app.asrLeases, lifecycle: running, listLive: () => app.meetingControl.listLive(), log }).catch((err: unknown) =>
        log.warn({ err: String(err) }, 'livekit agent sweep failed'),
      );
    }, AGENT_SWEEP_MS);
    sweep.unref();
    const unsubscribe = host.onMeetingStatus((meeting) => {
      running.onMeetingStatus(meeting).catch((err: unknown) => log.warn({ meetingId: meeting.id, err: String(err) }, 'livekit lifecycle failed'));
    });
    app.addHook('onReady', async () => {
      // Meetings already live when the server (re)starts get their room and agent back.
      for (const meeting of await app.meetingControl.listLive()) {
        running.onMeetingStatus(meeting).catch((err: unknown) => log.warn({ meetingId: meeting.id, err: String(err) }, 'livekit lifecycle failed'));
      }
    });
    app.addHook('onClose', async () => {
      clearInterval(sweep);
      unsubscribe();
      await running.close();
      releaseLeases();
    });
    log.info({ url: enabled.url }, 'livekit enabled');
  } else {
    app.log.info('livekit not configured: video off, text and requirements only');
  }

  app.decorate('livekit', { config, rooms, lifecycle });
  await app.register(liveKitRoutes, { config, host, rooms, lifecycle });
}

export default fp(liveKitPlugin, { name: 'luoshi-livekit', fastify: '5.x' });
