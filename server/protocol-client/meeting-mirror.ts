/**
 * A minimal protocol client for tools (rehearse, export demo) and tests: keeps `lastSeq`, applies sequenced
 * events with the web client's own rules from shared/ (`decide` and `drainBuffer` in shared/protocol/sequencing.ts,
 * `isLive` in shared/protocol/board.ts, `compareDisplayOrder` in shared/requirements/order.ts), so tests check
 * the server against the client's rule, not a copy. Syncs on (re)connect and on gaps, mirrors requirements and
 * acks, and measures delivery latency (receive time − event `at`). Not a UI store: the web client has its own.
 */
import type { Socket } from 'socket.io-client';
import type { Acknowledgement, Requirement, RequirementList, Segment } from '../../shared/protocol/domain.ts';
import type { MeetingEvent } from '../../shared/protocol/events.ts';
import { isLive } from '../../shared/protocol/board.ts';
import { decide, drainBuffer } from '../../shared/protocol/sequencing.ts';
import { compareDisplayOrder } from '../../shared/requirements/order.ts';
import type { ClientToServerEvents, MeetingSnapshot, ServerToClientEvents, SyncReply } from '../../shared/protocol/socket.ts';
import type { FollowupThresholds, Task, TaskEntry } from '../../shared/followup/types.ts';

export type MirrorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface MirrorStats {
  /** Events received live on `meeting:event` (including ones later ignored). */
  liveEvents: number;
  /** Live events whose seq had already been applied (the server sent something twice, or a sync overlapped). */
  duplicateLive: number;
  /** Live events received twice with the same seq (never expected). */
  repeatedSeq: number;
  syncs: number;
  snapshots: number;
  gaps: number;
}

export class MeetingMirror {
  lastSeq: number | null = null;
  readonly requirements = new Map<string, Requirement>();
  readonly lists = new Map<string, RequirementList>();
  readonly segments = new Map<string, Segment>();
  readonly acks = new Map<string, Acknowledgement>();
  /** Follow-up tasks by id, and every timeline entry seen (by entry id). */
  readonly tasks = new Map<string, Task>();
  readonly taskEntries = new Map<number, TaskEntry>();
  /** The organiser's warning thresholds, as the last snapshot carried them. */
  followupThresholds: FollowupThresholds | null = null;
  /** First-seen delivery latency per requirement id, ms (live events only). */
  readonly firstSeenLatencyMs = new Map<string, number>();
  /** When each requirement was first seen with a non-empty headline, clock ms (live, replayed or snapshot). */
  readonly firstHeadlineAt = new Map<string, number>();
  readonly applied: MeetingEvent[] = [];
  readonly stats: MirrorStats = { liveEvents: 0, duplicateLive: 0, repeatedSeq: 0, syncs: 0, snapshots: 0, gaps: 0 };
  private syncing: Promise<void> | null = null;
  private buffer: MeetingEvent[] = [];
  private seenLive = new Set<number>();
  private listeners = new Set<() => void>();

  constructor(readonly socket: MirrorSocket, private readonly clock: () => number = Date.now) {
    socket.on('meeting:event', (e) => this.onLive(e));
    socket.on('connect', () => void this.sync());
    if (socket.connected) void this.sync();
  }

  /** Resolves when `check()` holds (re-checked after every applied change). */
  until(check: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const l = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve();
      };
      this.listeners.add(l);
    });
  }

  /**
   * Live requirements (drafts too, if this socket sees them) in display order: lists by index; in
   * each, top-level items by the shared `compareDisplayOrder`, each followed by its children in
   * the same order. A child whose parent is no longer live keeps its parent's place.
   */
  orderedRequirements(): Requirement[] {
    const listIndex = (id: string) => this.lists.get(id)?.index ?? 0;
    const childrenOf = new Map<string, Requirement[]>();
    const tops: Requirement[] = [];
    for (const r of this.requirements.values()) {
      if (r.parentId !== null && this.requirements.has(r.parentId)) {
        const siblings = childrenOf.get(r.parentId) ?? [];
        siblings.push(r);
        childrenOf.set(r.parentId, siblings);
      } else {
        tops.push(r);
      }
    }
    tops.sort((a, b) => listIndex(a.listId) - listIndex(b.listId) || a.listId.localeCompare(b.listId) || compareDisplayOrder(a, b));
    const withChildren = (r: Requirement): Requirement[] => [r, ...(childrenOf.get(r.id) ?? []).sort(compareDisplayOrder).flatMap(withChildren)];
    return tops.flatMap(withChildren).filter(isLive);
  }

  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => {
      this.syncing = null;
      this.drain();
    });
    return this.syncing;
  }

  /**
   * Applies the held events that now follow `lastSeq`, in seq order with duplicates dropped (the
   * client's `drainBuffer`); a hole still left is a gap, and another sync fills it.
   */
  private drain(): void {
    if (this.lastSeq === null || this.buffer.length === 0) return;
    const { ready, waiting } = drainBuffer(this.lastSeq, this.buffer);
    this.buffer = waiting;
    for (const e of ready) this.apply(e, false);
    if (waiting.length > 0) {
      this.stats.gaps += 1;
      void this.sync();
    }
  }

  private async runSync(): Promise<void> {
    for (;;) {
      this.stats.syncs += 1;
      try {
        const reply = await new Promise<SyncReply>((resolve, reject) => {
          this.socket.timeout(10_000).emit('sync', { lastSeq: this.lastSeq }, (err, r) => {
            if (err) reject(err);
            else if (!r.ok) reject(new Error(r.error.code));
            else resolve(r.data);
          });
        });
        if (reply.kind === 'snapshot') this.applySnapshot(reply.snapshot);
        else this.buffer.push(...reply.events); // drained in order when the sync settles
        return;
      } catch {
        if (!this.socket.connected) return; // the next connect syncs again
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private onLive(e: MeetingEvent): void {
    this.stats.liveEvents += 1;
    if (this.seenLive.has(e.seq)) this.stats.repeatedSeq += 1;
    this.seenLive.add(e.seq);
    if (this.lastSeq !== null && e.seq <= this.lastSeq) this.stats.duplicateLive += 1;
    if (this.syncing || this.lastSeq === null) {
      this.buffer.push(e);
      return;
    }
    this.offer(e, true);
  }

  private offer(e: MeetingEvent, live: boolean): void {
    const decision = decide(this.lastSeq, e);
    if (decision === 'duplicate') return;
    if (decision === 'gap') {
      this.stats.gaps += 1;
      this.buffer.push(e);
      void this.sync();
      return;
    }
    this.apply(e, live);
  }

  private applySnapshot(s: MeetingSnapshot): void {
    this.stats.snapshots += 1;
    this.requirements.clear();
    this.lists.clear();
    this.segments.clear();
    this.acks.clear();
    this.tasks.clear();
    this.taskEntries.clear();
    for (const t of s.tasks ?? []) this.tasks.set(t.id, t);
    for (const en of s.taskEntries ?? []) this.taskEntries.set(en.id, en);
    this.followupThresholds = s.followupThresholds ?? null;
    for (const r of s.requirements) {
      this.requirements.set(r.id, r);
      this.noteHeadline(r);
    }
    for (const l of s.lists) this.lists.set(l.id, l);
    for (const seg of s.segments) this.segments.set(seg.id, seg);
    for (const a of s.acks) this.acks.set(`${a.venueId}|${a.requirementId}|${a.kind}`, a);
    this.lastSeq = s.seq;
    this.notify();
  }

  private apply(e: MeetingEvent, live: boolean): void {
    this.lastSeq = e.seq;
    this.applied.push(e);
    const seeRequirement = (r: Requirement) => {
      if (live && !this.requirements.has(r.id) && !this.firstSeenLatencyMs.has(r.id)) {
        this.firstSeenLatencyMs.set(r.id, this.clock() - Date.parse(e.at));
      }
      this.requirements.set(r.id, r);
      this.noteHeadline(r);
    };
    switch (e.type) {
      case 'segment:finalized':
      case 'segment:edited':
        this.segments.set(e.payload.segment.id, e.payload.segment);
        break;
      case 'list:opened':
      case 'list:updated':
        this.lists.set(e.payload.list.id, e.payload.list);
        break;
      case 'requirement:opened':
      case 'requirement:updated':
      case 'requirement:closed':
      case 'requirement:published':
      case 'requirement:edited':
      case 'requirement:withdrawn':
      case 'requirement:retracted':
      case 'requirement:added':
      case 'requirement:restored':
        seeRequirement(e.payload.requirement);
        break;
      case 'requirement:merged':
        seeRequirement(e.payload.into);
        for (const r of e.payload.removed) seeRequirement(r);
        break;
      case 'requirement:split':
        seeRequirement(e.payload.source);
        seeRequirement(e.payload.created);
        break;
      case 'ack:recorded': {
        const a = e.payload.ack;
        this.acks.set(`${a.venueId}|${a.requirementId}|${a.kind}`, a);
        break;
      }
      case 'task:changed':
        this.tasks.set(e.payload.task.id, e.payload.task);
        this.taskEntries.set(e.payload.entry.id, e.payload.entry);
        break;
      case 'meeting:updated':
      case 'venues:updated':
        break;
      default: {
        const never: never = e;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
    this.notify();
  }

  private noteHeadline(r: Requirement): void {
    if (!this.firstHeadlineAt.has(r.id) && r.fields.headline.trim() !== '') this.firstHeadlineAt.set(r.id, this.clock());
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
