/**
 * The whole Luoshi server as one Fastify plugin (tests register it without listening):
 * database → services → REST routes → socket.io, wired top to bottom. Decorates
 * `config`, `store`, `io`, `meetingAudio`, `meetingControl`, `sessions` and `firstOrganiser` (see services.ts).
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { Meeting, VenuePresence } from '../shared/protocol/domain.ts';
import { AudioSpool } from './audio/audio-spool.ts';
import { createMeetingAudio } from './audio/meeting-audio.ts';
import { createLoginLimiter } from './auth/login-limiter.ts';
import { createJoinGuard } from './auth/join-guard.ts';
import { verifySession } from './auth/session-token.ts';
import type { Config } from './config.ts';
import { DomainError } from './errors.ts';
import { openDatabase } from './db/database.ts';
import { createStorageHealth, openWritable, PROBE_INTERVAL_MS } from './db/storage-health.ts';
import { createStore } from './db/store.ts';
import { createExtractor as createRealExtractor } from '../shared/extraction/index.ts';
import { createTranscriptionService } from './transcription/index.ts';
import { sessionFromRequest } from './http/auth.ts';
import { installHttpHardening } from './http/hardening.ts';
import { bearerToken } from './http/organiser-auth.ts';
import { registerArchiveRoutes } from './http/routes/archive.ts';
import { registerExportRoutes } from './http/routes/exports.ts';
import { registerMeetingRoutes } from './http/routes/meetings.ts';
import { registerMinutesRoutes } from './http/routes/minutes.ts';
import { registerOrganiserRoutes } from './http/routes/organisers.ts';
import { registerVenueRoutes } from './http/routes/venues.ts';
import { installZodValidation } from './http/zod-validation.ts';
import { createAccessService } from './meeting/access-service.ts';
import { createAcksService } from './meeting/acks-service.ts';
import { silentBroadcaster, type Broadcaster } from './meeting/broadcaster.ts';
import { createMeetingsService } from './meeting/meetings-service.ts';
import { createPresenceTracker, type PresenceTransition } from './meeting/presence.ts';
import { createOrganiserService } from './organisers/organiser-service.ts';
import { createSecretaryService } from './meeting/secretary-service.ts';
import { createSequencer } from './meeting/sequencer.ts';
import { createTranscriptPipeline, type ExtractorFactory } from './meeting/transcript-pipeline.ts';
import { createSocketBroadcaster } from './realtime/broadcaster.ts';
import type { RealtimeDeps } from './realtime/deps.ts';
import socketPlugin from './realtime/socket-plugin.ts';
import { CONNECT_TIMEOUT_MS, endSessions } from './realtime/socket-server.ts';
import { rooms } from './realtime/types.ts';
import type { MeetingControl } from './services.ts';
import type { TranscriptionService } from './transcription/types.ts';
import './services.ts';
import liveKitPlugin from './livekit/plugin.ts';
import { createAttachmentFiles } from './followup/attachment-store.ts';
import { createFollowupJobs } from './followup/followup-jobs.ts';
import { createFollowupService } from './followup/followup-service.ts';
import { registerFollowupBoardRoutes } from './http/routes/followup-boards.ts';
import { registerFollowupTaskRoutes } from './http/routes/followup-tasks.ts';

/** How often due follow-up warnings are fired, ms. */
const FOLLOWUP_SWEEP_MS = 60_000;
/** Uploads never sent with a report are removed after this long, ms. */

export interface AppOptions {
  config: Config;
  /** Use this recogniser instead of creating one from config (tests, tools). */
  transcription?: TranscriptionService;
  /** Use this extractor factory instead of shared/extraction (null disables extraction). */
  createExtractor?: ExtractorFactory | null;
  /** Built client to serve (with SPA fallback to index.html); null/absent = API only. */
  clientDir?: string | null;
  /** The follow-up clock (deadlines, warnings, task timelines); tests move it. Default: the system clock. */
  clock?: () => Date;
  /** How often follow-up warnings are swept, ms; null: only at boot and through `app.followup.sweep()` (tests). */
  followupSweepMs?: number | null;
}

async function luoshiApp(app: FastifyInstance, opts: AppOptions): Promise<void> {
  const { config } = opts;
  // First, so its parser, hooks and timeouts cover every route registered below.
  installHttpHardening(app, { idleTimeoutMs: config.LUOSHI_IDLE_TIMEOUT_S * 1000, livekitUrl: config.livekit?.url ?? null });
  // Refuse to start on a database that cannot be written (read-only file or mount, full disk).
  const db = openWritable(config.LUOSHI_DATA, (file) => openDatabase(file));
  const storage = createStorageHealth(db, config.LUOSHI_DATA, app.log);
  const store = createStore(db, { writable: storage.writable });
  // Detected within seconds even when nobody asks /api/health (logged loudly on every change).
  const storageWatch = setInterval(() => storage.check(), 2 * PROBE_INTERVAL_MS);
  storageWatch.unref();
  let broadcaster: Broadcaster = silentBroadcaster;
  const getBroadcaster = () => broadcaster;

  const sequencer = createSequencer(store, getBroadcaster);
  // Attendance is stored as it happens, so the minutes' 出席/迟到/缺席 survive a restart. While the
  // server shuts down its sockets close, but the venues did not leave: those transitions are not stored.
  let shuttingDown = false;
  const storeAttendance = (t: PresenceTransition) => {
    if (shuttingDown) return;
    try {
      if (t.online) store.attendance.joined(t.meetingId, t.venueId, t.at);
      else store.attendance.left(t.venueId, t.at);
    } catch (err) {
      // e.g. the venue's meeting was just deleted: nothing left to record it for.
      app.log.warn({ err, meetingId: t.meetingId, venueId: t.venueId }, 'attendance not stored');
    }
  };
  const presence = createPresenceTracker(getBroadcaster, undefined, storeAttendance);
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  const organisers = createOrganiserService({ store, secret: config.LUOSHI_SECRET, sessionTtlS: config.LUOSHI_LOGIN_TTL_S, limiter: createLoginLimiter() });
  const bootstrap = await organisers.bootstrap(config.firstOrganiser);
  if (bootstrap) {
    // A generated password is printed once by main.ts: the warning makes sure the operator looks.
    const fields = { username: bootstrap.organiser.username, source: bootstrap.generatedPassword ? 'generated' : 'LUOSHI_ADMIN_USER', adoptedMeetings: bootstrap.adoptedMeetings };
    if (bootstrap.generatedPassword) app.log.warn(fields, 'organiser account created');
    else app.log.info(fields, 'organiser account created');
  }
  const meetingsCore = createMeetingsService({ store, sequencer, secret: config.LUOSHI_SECRET, tokenTtlS: config.LUOSHI_TOKEN_TTL_S });
  const acks = createAcksService({ store, sequencer });
  const access = createAccessService({ store, secret: config.LUOSHI_SECRET, tokenTtlS: config.LUOSHI_TOKEN_TTL_S });
  const createExtractor = opts.createExtractor !== undefined ? opts.createExtractor : createRealExtractor;
  if (!createExtractor) app.log.warn('extractor unavailable: requirements will not be formed');
  const pipeline = createTranscriptPipeline({
    store, sequencer, createExtractor,
    onError: (err, meetingId) => app.log.error({ err, meetingId }, 'interim preview failed'),
  });
  const secretary = createSecretaryService({ store, sequencer, pipeline });
  // Follow-up after the meeting (issue 12): tasks issued at the end, warnings swept every minute.
  const clock = opts.clock ?? (() => new Date());
  const followup = createFollowupService({ store, sequencer, clock });
  const attachmentFiles = createAttachmentFiles(config.LUOSHI_DATA);
  const followupJobs = createFollowupJobs({ store, followup, files: attachmentFiles, clock, log: app.log });
  // Closing the corrections approves the corrected minutes: the tasks follow them.
  const meetings: typeof meetingsCore = {
    ...meetingsCore,
    closeCorrections(s) {
      const c = meetingsCore.closeCorrections(s);
      return { ...c, publish: () => { c.publish(); if (c.events.length > 0) followupJobs.refreshTasks(s.meetingId); } };
    },
  };
  // After a restart, rebuild live meetings' extractors from their stored transcripts right away.
  for (const m of store.meetings.listLive()) {
    const emitted = pipeline.resume(m.id);
    app.log.info({ meetingId: m.id, emitted }, 'meeting resumed');
  }

  // One recogniser per process, created at boot (LUOSHI_PRELOAD_MODEL) or on first use.
  let transcription: TranscriptionService | null = opts.transcription ?? null;
  const getTranscription = (): TranscriptionService => {
    if (!transcription) {
      transcription = createTranscriptionService({
        modelId: config.LUOSHI_MODEL,
        modelsDir: config.LUOSHI_MODELS_DIR,
        log: (event, fields) => app.log.info({ ...fields, module: 'transcription' }, event),
      });
      transcription.onStatus((status) => broadcaster.modelStatus(status));
    }
    return transcription;
  };
  if (opts.transcription) opts.transcription.onStatus((status) => broadcaster.modelStatus(status));

  if (config.LUOSHI_PRELOAD_MODEL && !opts.transcription) {
    // Load and warm up at start, so the host console shows progress and the first words are not delayed.
    void getTranscription().ready().catch((err: unknown) => app.log.error({ err }, 'model failed to load'));
  }

  // Accepted audio is spooled beside the database until its finals are stored (crash safety).
  const spool = config.LUOSHI_DATA === ':memory:' ? null : new AudioSpool(`${config.LUOSHI_DATA}.audio-spool`, (level, fields, message) => app.log[level](fields, message));
  const audio = createMeetingAudio({ store, transcription: getTranscription, pipeline, broadcaster: getBroadcaster, log: app.log, spool });
  // Before anyone can connect: words a crashed process had heard but not stored come first.
  await audio.recover();

  const statusListeners = new Set<(m: Meeting) => void>();
  const notifyStatus = (m: Meeting) => {
    for (const l of statusListeners) {
      try {
        l(m);
      } catch (err) {
        app.log.error({ err }, 'meeting status listener failed');
      }
    }
  };
  const lifecycle: RealtimeDeps['lifecycle'] = {
    start(meetingId) {
      const c = meetings.start(meetingId);
      return {
        result: c.result,
        publish: () => {
          c.publish();
          if (c.events.length === 0) return;
          notifyStatus(c.result);
          try {
            // Warm the model up while the host gets ready to speak.
            void getTranscription().ready().catch((err: unknown) => app.log.error({ err }, 'model failed to load'));
          } catch (err) {
            app.log.warn({ err }, 'transcription unavailable');
          }
        },
      };
    },
    async end(meetingId) {
      meetings.get(meetingId);
      await audio.close(meetingId);
      pipeline.endMeeting(meetingId);
      const c = meetings.end(meetingId);
      return {
        result: c.result,
        publish: () => {
          c.publish();
          if (c.events.length > 0) notifyStatus(c.result);
          followupJobs.issueTasks(meetingId);
        },
      };
    },
  };

  const control: MeetingControl = {
    getMeeting: (id) => store.meetings.get(id),
    getVenue: (meetingId, venueId) => {
      const v = store.venues.get(venueId);
      return v && v.meetingId === meetingId ? v : null;
    },
    venues: (id) => store.venues.list(id),
    recordAttendance(meetingId, p: VenuePresence) {
      if (!control.getVenue(meetingId, p.venueId)) return;
      presence.attendance(meetingId, p.venueId, {
        online: p.online,
        ...(p.joinedAt ? { joinedAt: p.joinedAt } : {}),
        ...(p.leftAt ? { leftAt: p.leftAt } : {}),
      });
    },
    startMeeting(meetingId) {
      const c = lifecycle.start(meetingId);
      c.publish();
      return c.result;
    },
    async endMeeting(meetingId) {
      const c = await lifecycle.end(meetingId);
      c.publish();
      return c.result;
    },
    onMeetingStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };

  installZodValidation(app, opts.clientDir ?? null);
  if (opts.clientDir) await app.register(fastifyStatic, { root: opts.clientDir, wildcard: false });
  // A token from a join code that was rotated or revoked since is refused on every route.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearerToken(request);
    const session = token ? verifySession(token, config.LUOSHI_SECRET) : null;
    if (session && !access.isCurrent(session)) throw new DomainError('unauthorized');
  });
  const httpDeps = {
    secret: config.LUOSHI_SECRET, store, meetings, presence, lifecycle, organisers, access,
    joinGuard: createJoinGuard({ burst: config.LUOSHI_JOIN_BURST, refillMs: config.LUOSHI_JOIN_REFILL_S * 1000 }),
    publicUrl: config.LUOSHI_PUBLIC_URL ?? null,
    disconnectMeeting: (meetingId: string) => void endSessions(app.io, meetingId, 'meeting_deleted', () => true),
    endStaleSessions: (meetingId: string, venueId: string) =>
      endSessions(app.io, meetingId, 'revoked', (s) => s.venueId === venueId && !access.isCurrent(s)),
  };
  registerMeetingRoutes(app, httpDeps);
  registerVenueRoutes(app, httpDeps);
  registerExportRoutes(app, httpDeps);
  registerOrganiserRoutes(app, httpDeps);
  registerArchiveRoutes(app, httpDeps);
  registerMinutesRoutes(app, httpDeps);
  const followupDeps = { secret: config.LUOSHI_SECRET, store, organisers, followup, files: attachmentFiles, clock };
  registerFollowupTaskRoutes(app, followupDeps);
  registerFollowupBoardRoutes(app, followupDeps);
  // 503 when the database cannot be written (write probe, file identity); unsaved finals counted.
  app.get('/api/health', async (_request, reply) => {
    const status = storage.check();
    const body = { ok: status.ok, model: transcription?.status() ?? null, storage: { ...status, pendingFinals: audio.pendingFinals() } };
    return reply.status(status.ok ? 200 : 503).send(body);
  });

  await app.register(socketPlugin, {
    store, presence, meetings, secretary, acks, audio, lifecycle, log: app.log, access,
    secret: config.LUOSHI_SECRET,
    trusted: config.LUOSHI_TRUSTED_PROXIES,
    maxSocketsPerIp: config.LUOSHI_MAX_SOCKETS_PER_IP,
    maxSocketsPerSession: config.LUOSHI_MAX_SOCKETS_PER_SESSION,
    maxSendBufferBytes: config.LUOSHI_MAX_SEND_BUFFER_KB * 1024,
    // An unauthenticated connection is idle in the sense that matters: it is closed as soon as an idle one.
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, config.LUOSHI_IDLE_TIMEOUT_S * 1000),
    onConnected: (socket) => {
      const s = socket.data.session;
      if (transcription && (s.role === 'host' || s.role === 'secretary')) socket.emit('model:status', transcription.status());
    },
  });
  broadcaster = createSocketBroadcaster(app.io);

  app.decorate('config', config);
  app.decorate('firstOrganiser', bootstrap);
  app.decorate('store', store);
  app.decorate('followup', followup);
  app.decorate('meetingAudio', audio);
  app.decorate('meetingControl', control);
  app.decorate('sessions', {
    verify: (token: string) => verifySession(token, config.LUOSHI_SECRET),
    fromRequest: (request) => sessionFromRequest(request, config.LUOSHI_SECRET),
  });
  // LiveKit (issue 6) plugs in through the services decorated above; without LIVEKIT_* it only answers livekit_disabled.
  await app.register(liveKitPlugin);

  // Tasks a crash kept from being issued at a meeting's end, files without a row, then the first sweep.
  followupJobs.recover();
  followupJobs.sweep();
  const sweepMs = opts.followupSweepMs === undefined ? FOLLOWUP_SWEEP_MS : opts.followupSweepMs;
  const sweepTimer = sweepMs === null ? null : setInterval(() => followupJobs.sweep(), sweepMs);
  sweepTimer?.unref();

  // Final segments of an open stream are stored (and emitted, if sockets remain) before the DB closes.
  app.addHook('onClose', async () => {
    if (sweepTimer) clearInterval(sweepTimer);
    clearInterval(storageWatch);
    await audio.closeAll();
    await transcription?.close().catch((err: unknown) => app.log.warn({ err }, 'transcription close failed'));
    broadcaster = silentBroadcaster;
    pipeline.close();
    db.close();
  });
}

export default fp(luoshiApp, { name: 'luoshi-core', fastify: '5.x' });
