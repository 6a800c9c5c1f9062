/**
 * The whole Luoshi server as one Fastify plugin (tests register it without listening):
 * database → socket.io server (its broadcaster) → services → REST routes → socket handlers, wired
 * top to bottom; this file only wires (meeting start/end live in meeting/meeting-lifecycle.ts). Decorates
 * `config`, `store`, `io`, `meetingAudio`, `meetingControl`, `sessions` and `firstOrganiser` (see services.ts).
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { AudioSpool } from './meeting/audio-spool.ts';
import { createLoginLimiter } from './auth/login-limiter.ts';
import { createJoinGuard } from './auth/join-guard.ts';
import { memoryFailureLimiters, redisFailureLimiters } from './auth/failure-limiter.ts';
import { verifySession } from './auth/session-token.ts';
import { databaseTarget, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createPostgresHealth } from './db/postgres-health.ts';
import { createSqliteHealth, openWritable } from './db/storage-health.ts';
import { createStore } from './db/store.ts';
import { createExtractor as createRealExtractor } from '../shared/extraction/index.ts';
import { installRevokedSessionCheck, sessionFromRequest } from './http/auth.ts';
import { installHttpHardening } from './http/hardening.ts';
import { installOrganiserAuth } from './http/organiser-auth.ts';
import { registerArchiveRoutes } from './http/routes/archive.ts';
import { registerHealthRoute } from './http/routes/health.ts';
import { registerExportRoutes } from './http/routes/exports.ts';
import { registerMeetingRoutes } from './http/routes/meetings.ts';
import { registerMinutesRoutes } from './http/routes/minutes.ts';
import { createMinutesService } from './exports/minutes-service.ts';
import { loadExportSnapshot } from './exports/load.ts';
import { searchMeetings } from './archive/search-service.ts';
import { buildSnapshot } from './meeting/snapshot.ts';
import type { SessionClaims } from '../shared/protocol/socket.ts';
import { registerOrganiserRoutes } from './http/routes/organisers.ts';
import { registerVenueRoutes } from './http/routes/venues.ts';
import { installZodValidation } from './http/zod-validation.ts';
import { createAccessService } from './meeting/access-service.ts';
import { createAcksService } from './meeting/acks-service.ts';
import { createMeetingAudio } from './meeting/meeting-audio.ts';
import { createAsrLeaseKeeper, type LeaseTimer } from './meeting/asr-lease.ts';
import { createAttendanceRecorder, createMeetingLifecycle } from './meeting/meeting-lifecycle.ts';
import { createMeetingsService } from './meeting/meetings-service.ts';
import { createPresenceTracker, type PresenceTransition } from './meeting/presence.ts';
import { createRedisPresenceTracker } from './meeting/presence-redis.ts';
import { createOrganiserService } from './organisers/organiser-service.ts';
import { createSecretaryService } from './meeting/secretary-service.ts';
import { createSequencer } from './meeting/sequencer.ts';
import { createTranscriptPipeline, type ExtractorFactory } from './meeting/transcript-pipeline.ts';
import { createSocketBroadcaster } from './realtime/broadcaster.ts';
import { installSocketServer } from './realtime/install-socket-server.ts';
import { connectRedis, useRedisAdapter } from './realtime/redis-adapter.ts';
import { CONNECT_TIMEOUT_MS, endSessions, serveSockets } from './realtime/socket-server.ts';
import { lazyTranscription } from './transcription/lazy-service.ts';
import type { TranscriptionService } from './transcription/types.ts';
import './services.ts';
import liveKitPlugin from './livekit/plugin.ts';
import { createAttachmentFiles } from './followup/attachment-store.ts';
import { createAttachmentBlobs } from './followup/attachment-blobs.ts';
import { createFollowupJobs } from './followup/followup-jobs.ts';
import { createFollowupRecords } from './followup/followup-records.ts';
import { createFollowupService } from './followup/followup-service.ts';
import { registerFollowupBoardRoutes } from './http/routes/followup-boards.ts';
import { registerFollowupTaskRoutes } from './http/routes/followup-tasks.ts';

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
  /** ASR lease timing (asr-lease.ts); tests shorten it, move a node's clock, or stall its renewals through `timer`. */
  asrLease?: { ttlMs?: number; renewMs?: number; clock?: () => number; timer?: LeaseTimer };
}

async function luoshiApp(app: FastifyInstance, opts: AppOptions): Promise<void> {
  const { config } = opts;
  // First, so its parser, hooks and timeouts cover every route registered below.
  installHttpHardening(app, { idleTimeoutMs: config.LUOSHI_IDLE_TIMEOUT_S * 1000, livekitUrl: config.livekit?.url ?? null });
  // Refuse to start on a database that cannot be written (read-only file or mount, full disk) or reached.
  const database = await openWritable(databaseTarget(config), (target) => openDatabase(target));
  app.log.info({ dialect: database.dialect, database: database.target }, 'database opened');
  // Watched in the background too: a failure is logged loudly even when nobody asks /api/health.
  const storage = database.sqlite ? createSqliteHealth(database.sqlite, database.target, app.log) : createPostgresHealth(database, app.log);
  const store = createStore(database, { writable: storage.writable });
  // Before the socket server's own preClose hook: the sockets it closes are not venues leaving.
  const attendance = createAttendanceRecorder(store, app.log);
  app.addHook('preClose', async () => attendance.stop());
  // With REDIS_URL this node is one of several: broadcasts cross nodes through Redis. Its client
  // closes after socket.io (onClose hooks run last-registered first).
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, app.log, 'adapter') : null;
  if (redis) app.addHook('onClose', async () => redis.destroy());
  // socket.io before the services, so they get its broadcaster as a plain dependency; it serves
  // connections (serveSockets below) only once they exist, and nothing connects before listen().
  const { io } = installSocketServer(app, {
    trusted: config.LUOSHI_TRUSTED_PROXIES,
    maxSocketsPerIp: config.LUOSHI_MAX_SOCKETS_PER_IP,
    maxSendBufferBytes: config.LUOSHI_MAX_SEND_BUFFER_KB * 1024,
    // An unauthenticated connection is idle in the sense that matters: it is closed as soon as an idle one.
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, config.LUOSHI_IDLE_TIMEOUT_S * 1000),
    log: app.log,
  });
  if (redis) {
    useRedisAdapter(io, redis, config.LUOSHI_REDIS_PREFIX);
    app.log.info({ node: config.LUOSHI_NODE_ID, prefix: config.LUOSHI_REDIS_PREFIX }, 'socket.io broadcasts through redis');
  }
  const broadcaster = createSocketBroadcaster(io);

  const sequencer = createSequencer(store, broadcaster);
  // With several nodes, presence lives in Redis too: a venue on any node is online on all of them.
  const recordAttendance = (t: PresenceTransition) => attendance.record(t);
  const presence = redis
    ? createRedisPresenceTracker({ client: redis, prefix: config.LUOSHI_REDIS_PREFIX, nodeId: config.LUOSHI_NODE_ID, broadcaster, log: app.log, onTransition: recordAttendance })
    : createPresenceTracker(broadcaster, undefined, recordAttendance);
  // Before the Redis client closes (registered later, so it runs first): this node's connections stop counting.
  app.addHook('onClose', async () => presence.close());
  // Wrong passwords and join codes are counted where every node sees them.
  const failureLimiters = redis ? redisFailureLimiters(redis, config.LUOSHI_REDIS_PREFIX, app.log) : memoryFailureLimiters;
  const organisers = createOrganiserService({ store, secret: config.LUOSHI_SECRET, sessionTtlS: config.LUOSHI_LOGIN_TTL_S, limiter: createLoginLimiter({}, failureLimiters) });
  const bootstrap = await organisers.bootstrap(config.firstOrganiser);
  if (bootstrap) {
    // A generated password is printed once by main.ts: the warning makes sure the operator looks.
    const fields = { username: bootstrap.organiser.username, source: bootstrap.generatedPassword ? 'generated' : 'LUOSHI_ADMIN_USER', adoptedMeetings: bootstrap.adoptedMeetings };
    if (bootstrap.generatedPassword) app.log.warn(fields, 'organiser account created');
    else app.log.info(fields, 'organiser account created');
  }
  const acks = createAcksService({ store, sequencer });
  const access = createAccessService({ store, secret: config.LUOSHI_SECRET, tokenTtlS: config.LUOSHI_TOKEN_TTL_S });
  const createExtractor = opts.createExtractor !== undefined ? opts.createExtractor : createRealExtractor;
  if (!createExtractor) app.log.warn('extractor unavailable: requirements will not be formed');
  // A meeting's audio is transcribed on one node at a time: the holder of its ASR lease.
  const leases = createAsrLeaseKeeper({ repo: store.asrLeases, nodeId: config.LUOSHI_NODE_ID, log: app.log, ...opts.asrLease });
  const pipeline = createTranscriptPipeline({
    store, sequencer, createExtractor,
    onError: (err, meetingId) => app.log.error({ err, meetingId }, 'interim preview failed'),
    fence: (meetingId) => leases.fence(meetingId),
  });
  const secretary = createSecretaryService({ store, sequencer, pipeline });
  // Follow-up after the meeting (issue 12): tasks issued at the end, warnings swept every minute.
  const clock = opts.clock ?? (() => new Date());
  const followup = createFollowupService({ store, sequencer, clock });
  // PostgreSQL means several nodes may serve one meeting: attachment bytes go where all of them read.
  const attachmentFiles = database.dialect === 'postgres' ? createAttachmentBlobs(store, clock) : createAttachmentFiles(config.LUOSHI_DATA);
  const followupJobs = createFollowupJobs({ store, followup, files: attachmentFiles, clock, log: app.log });
  const transcription = lazyTranscription({ config, given: opts.transcription, log: app.log, onStatus: (status) => broadcaster.modelStatus(status) });
  if (config.LUOSHI_PRELOAD_MODEL && !opts.transcription) {
    // Load and warm up at start, so the host console shows progress and the first words are not delayed.
    void transcription.get().ready().catch((err: unknown) => app.log.error({ err }, 'model failed to load'));
  }
  // Accepted audio is spooled beside the database until its finals are stored (crash safety).
  const spool = config.LUOSHI_DATA === ':memory:' ? null : new AudioSpool(`${config.LUOSHI_DATA}.audio-spool`, (level, fields, message) => app.log[level](fields, message));
  const audio = createMeetingAudio({ store, transcription: transcription.get, pipeline, broadcaster, log: app.log, spool, lease: leases });
  const { lifecycle, control, meetings } = createMeetingLifecycle({
    store, audio, pipeline, presence, log: app.log,
    meetings: createMeetingsService({ store, sequencer, secret: config.LUOSHI_SECRET, tokenTtlS: config.LUOSHI_TOKEN_TTL_S }),
    followup: followupJobs,
    warmUp: transcription.warmUp,
  });
  // After a restart, before anyone can connect: live meetings' extractors, then spooled audio.
  await lifecycle.resumeLive();

  installZodValidation(app, opts.clientDir ?? null);
  installOrganiserAuth(app);
  if (opts.clientDir) await app.register(fastifyStatic, { root: opts.clientDir, wildcard: false });
  installRevokedSessionCheck(app, config.LUOSHI_SECRET, access.isCurrent);
  const httpDeps = {
    secret: config.LUOSHI_SECRET, meetings, presence, lifecycle, organisers, access, minutes: createMinutesService(store),
    snapshot: (session: SessionClaims) => buildSnapshot(store, presence, session),
    exportSnapshot: (meetingId: string) => loadExportSnapshot(store, meetingId),
    search: (organiserId: string, query: string, limit: number) => searchMeetings(store, organiserId, query, limit),
    joinGuard: createJoinGuard({ burst: config.LUOSHI_JOIN_BURST, refillMs: config.LUOSHI_JOIN_REFILL_S * 1000 }, failureLimiters),
    publicUrl: config.LUOSHI_PUBLIC_URL ?? null,
    disconnectMeeting: (meetingId: string) => void endSessions(io, meetingId, 'meeting_deleted', () => true),
    endStaleSessions: (meetingId: string, venueId: string) =>
      endSessions(io, meetingId, 'revoked', async (s) => s.venueId === venueId && !(await access.isCurrent(s))),
  };
  registerMeetingRoutes(app, httpDeps);
  registerVenueRoutes(app, httpDeps);
  registerExportRoutes(app, httpDeps);
  registerOrganiserRoutes(app, httpDeps);
  registerArchiveRoutes(app, httpDeps);
  registerMinutesRoutes(app, httpDeps);
  const followupDeps = { secret: config.LUOSHI_SECRET, records: createFollowupRecords(store, followup), organisers, followup, files: attachmentFiles, clock };
  registerFollowupTaskRoutes(app, followupDeps);
  registerFollowupBoardRoutes(app, followupDeps);
  registerHealthRoute(app, { storage, modelStatus: () => transcription.current()?.status() ?? null, pendingFinals: audio.pendingFinals });

  serveSockets(io, {
    store, presence, meetings, secretary, acks, audio, lifecycle, log: app.log, access,
    secret: config.LUOSHI_SECRET,
    maxSocketsPerSession: config.LUOSHI_MAX_SOCKETS_PER_SESSION,
    onConnected: (socket) => {
      const s = socket.data.session;
      const current = transcription.current();
      if (current && (s.role === 'host' || s.role === 'secretary')) socket.emit('model:status', current.status());
    },
  });

  app.decorate('config', config);
  app.decorate('firstOrganiser', bootstrap);
  app.decorate('store', store);
  app.decorate('followup', followup);
  app.decorate('transcriptSettled', () => pipeline.idle());
  app.decorate('meetingAudio', audio);
  app.decorate('asrLeases', leases);
  app.decorate('meetingControl', control);
  app.decorate('sessions', {
    verify: (token: string) => verifySession(token, config.LUOSHI_SECRET),
    fromRequest: (request) => sessionFromRequest(request, config.LUOSHI_SECRET),
  });
  // LiveKit (issue 6) plugs in through the services decorated above; without LIVEKIT_* it only answers livekit_disabled.
  await app.register(liveKitPlugin);

  // Tasks a crash kept from being issued at a meeting's end, files without a row, the first sweep, the timer.
  await followupJobs.start(opts.followupSweepMs);

  // Final segments of an open stream are stored (and emitted, if sockets remain), the pipeline's
  // and follow-up's work in flight finished, before the database closes.
  app.addHook('onClose', async () => {
    followupJobs.stop();
    storage.close();
    await audio.closeAll();
    // After the streams' finals are stored (each is fenced by the lease): then others may take over.
    await leases.close();
    await transcription.current()?.close().catch((err: unknown) => app.log.warn({ err }, 'transcription close failed'));
    await pipeline.close();
    await followupJobs.settled();
    await database.close();
  });
}

export default fp(luoshiApp, { name: 'luoshi-core', fastify: '5.x' });
