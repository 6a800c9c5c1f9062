/**
 * Meeting setup and lifecycle: create (with main venue and host/secretary codes), update,
 * start, end, delete, venue import, join codes and joining. Every state change is an event.
 */
import type { Meeting, Role, Speaker, Venue } from '../../shared/protocol/domain.ts';
import type { JoinCodeEntry, JoinReply, MeetingCreated } from '../../shared/protocol/rest.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { z } from 'zod';
import type { meetingCreateBody, meetingUpdateBody } from '../../shared/protocol/rest.ts';
import { generateJoinCode, joinCodeId } from '../auth/join-code.ts';
import { signSession } from '../auth/session-token.ts';
import type { Store } from '../db/store.ts';
import { buildBoard } from '../../shared/protocol/board.ts';
import { toWire } from '../db/repositories/requirements.ts';
import { newId } from './ids.ts';
import { DomainError } from '../errors.ts';
import type { Committed, Sequencer } from './sequencer.ts';
import type { ImportRow } from './venue-import.ts';

export interface MeetingsServiceDeps {
  store: Store;
  sequencer: Sequencer;
  secret: string;
  tokenTtlS: number;
}

type SpeakerIn = { id?: string | undefined; name: string; role?: string | null | undefined };
const toSpeakers = (list: SpeakerIn[]): Speaker[] =>
  list.map((s) => ({ id: s.id ?? newId(), name: s.name, role: s.role ?? null }));

/** The hierarchy must be a forest: walking up from any venue ends at a root. */
function assertNoCycles(venues: Venue[]): void {
  const parent = new Map(venues.map((v) => [v.id, v.parentId]));
  for (const v of venues) {
    let at: string | null | undefined = v.parentId;
    for (let steps = 0; at; steps++) {
      if (at === v.id || steps > venues.length) throw new DomainError('bad_request', [`venue hierarchy has a cycle at "${v.name}"`]);
      at = parent.get(at);
    }
  }
}

export function createMeetingsService({ store, sequencer, secret, tokenTtlS }: MeetingsServiceDeps) {
  async function get(meetingId: string): Promise<Meeting> {
    const m = await store.meetings.get(meetingId);
    if (!m) throw new DomainError('not_found');
    return m;
  }

  async function addCode(meetingId: string, role: Role, venueId: string): Promise<string> {
    const code = generateJoinCode();
    await store.venues.insertCode({ code, meetingId, role, venueId });
    return code;
  }

  /**
   * Persist a meeting change and its `meeting:updated` event. `change` gets the meeting as read
   * inside the transaction — which locks its row (PostgreSQL) to the end, so a change another node
   * commits meanwhile is waited for and built on, never overwritten — and returns the next state,
   * or null to leave it as it is (no event).
   */
  function saveMeeting(meetingId: string, change: (m: Meeting) => Meeting | null, audit?: { s: SessionClaims; action: string }): Promise<Committed<Meeting>> {
    return sequencer.commit(async (append) => {
      const m = await get(meetingId);
      const next = change(m);
      if (!next) return m;
      await store.meetings.save(next);
      if (audit) {
        const { s, action } = audit;
        await store.audit.record({ meetingId: m.id, at: sequencer.now(), role: s.role, venueId: s.venueId, action, targetId: m.id, before: null, after: null });
      }
      await append(next.id, 'meeting:updated', 'all', { meeting: next });
      return next;
    });
  }

  return {
    get,

    /** Meetings live now (started, not ended), whichever node started them. */
    listLive: (): Promise<Meeting[]> => store.meetings.listLive(),
    /** The meeting's venues, in their stored order. */
    venues: async (meetingId: string): Promise<Venue[]> => store.venues.list(meetingId),
    /** A venue by id, or null. */
    venue: async (venueId: string): Promise<Venue | null> => store.venues.get(venueId),
    /** The meeting's audit trail, oldest first. */
    audit: (meetingId: string) => store.audit.list(meetingId),
    /** Who has not acknowledged what (shared/protocol/board.ts), from the stored state. */
    async board(meetingId: string) {
      const [requirements, venues, acks, lists] = await Promise.all([
        store.requirements.list(meetingId),
        store.venues.list(meetingId),
        store.acks.list(meetingId),
        store.requirements.lists(meetingId),
      ]);
      return buildBoard(requirements.map(toWire), venues, acks, lists);
    },
    /** An organiser's meetings, newest first, with figures. */
    summaries: (organiserId: string, limit: number, offset: number) => store.meetings.summaries(organiserId, limit, offset),
    /** The meeting, if `organiserId` owns it; another's is not found (its existence is not revealed). */
    async assertOwner(meetingId: string, organiserId: string): Promise<void> {
      if ((await store.meetings.ownerOf(meetingId)) !== organiserId) throw new DomainError('not_found');
    },

    /** A new draft meeting owned by the organiser account `organiserId`. */
    create(body: z.output<typeof meetingCreateBody>, organiserId: string | null): Promise<MeetingCreated> {
      const now = sequencer.now();
      const meeting: Meeting = {
        id: newId(),
        title: body.title,
        organiser: body.organiser,
        scheduledAt: body.scheduledAt,
        status: 'draft',
        publishMode: body.publishMode,
        speakers: toSpeakers(body.speakers),
        currentSpeakerId: null,
        glossary: body.glossary,
        createdAt: now,
        startedAt: null,
        endedAt: null,
        reopenedForCorrections: false,
      };
      meeting.currentSpeakerId = meeting.speakers[0]?.id ?? null;
      const mainVenue: Venue = {
        id: newId(),
        meetingId: meeting.id,
        name: body.mainVenueName ?? body.organiser,
        level: 'province',
        parentId: null,
        isMain: true,
      };
      return store.tx(async () => {
        await store.meetings.insert(meeting, organiserId);
        await store.venues.insert(mainVenue, 0);
        const hostCode = await addCode(meeting.id, 'host', mainVenue.id);
        const secretaryCode = await addCode(meeting.id, 'secretary', mainVenue.id);
        return { meeting, mainVenue, hostCode, secretaryCode };
      });
    },

    update(meetingId: string, patch: z.output<typeof meetingUpdateBody>): Promise<Committed<Meeting>> {
      return saveMeeting(meetingId, (m) => {
        const next: Meeting = { ...m };
        if (patch.title !== undefined) next.title = patch.title;
        if (patch.organiser !== undefined) next.organiser = patch.organiser;
        if (patch.scheduledAt !== undefined) next.scheduledAt = patch.scheduledAt;
        if (patch.publishMode !== undefined) next.publishMode = patch.publishMode;
        if (patch.glossary !== undefined) next.glossary = patch.glossary;
        if (patch.speakers !== undefined) next.speakers = toSpeakers(patch.speakers);
        if (patch.currentSpeakerId !== undefined) next.currentSpeakerId = patch.currentSpeakerId;
        if (next.currentSpeakerId !== null && !next.speakers.some((s) => s.id === next.currentSpeakerId)) {
          if (patch.currentSpeakerId !== undefined) throw new DomainError('bad_request', ['currentSpeakerId: unknown speaker']);
          next.currentSpeakerId = next.speakers[0]?.id ?? null;
        }
        return next;
      });
    },

    start(meetingId: string): Promise<Committed<Meeting>> {
      return saveMeeting(meetingId, (m) => {
        if (m.status === 'ended') throw new DomainError('conflict', ['meeting has ended']);
        return m.status === 'live' ? null : { ...m, status: 'live', startedAt: sequencer.now() };
      });
    },

    end(meetingId: string): Promise<Committed<Meeting>> {
      return saveMeeting(meetingId, (m) =>
        m.status === 'ended' ? null : { ...m, status: 'ended', endedAt: sequencer.now(), startedAt: m.startedAt ?? sequencer.now() },
      );
    },

    /**
     * Reopen an ended meeting for corrections (idempotent): the record takes edits again and
     * venues see them; status stays `ended`, so no audio or new extraction resumes.
     */
    reopen(s: SessionClaims): Promise<Committed<Meeting>> {
      return saveMeeting(
        s.meetingId,
        (m) => {
          if (m.status !== 'ended') throw new DomainError('conflict', ['only an ended meeting can be reopened']);
          return m.reopenedForCorrections ? null : { ...m, reopenedForCorrections: true };
        },
        { s, action: 'meeting:reopen' },
      );
    },

    /** Close the corrections of a reopened meeting (idempotent): the record is locked again. */
    closeCorrections(s: SessionClaims): Promise<Committed<Meeting>> {
      return saveMeeting(s.meetingId, (m) => (m.reopenedForCorrections ? { ...m, reopenedForCorrections: false } : null), {
        s,
        action: 'meeting:close-corrections',
      });
    },

    async delete(meetingId: string): Promise<void> {
      // Read in the deleting transaction (locked): a start committed meanwhile is seen.
      await store.tx(async () => {
        const m = await get(meetingId);
        if (m.status === 'live') throw new DomainError('conflict', ['end the meeting before deleting it']);
        await store.meetings.delete(meetingId);
      });
    },

    /** Upsert venues by name (existing venues keep their id and code); returns all venues. */
    importVenues(meetingId: string, rows: ImportRow[]): Promise<Committed<Venue[]>> {
      return sequencer.commit(async (append) => {
        // Read first in the transaction, so the meeting's lock is held before its venues are read.
        await get(meetingId);
        const byName = new Map((await store.venues.list(meetingId)).map((v) => [v.name, v]));
        const main = [...byName.values()].find((v) => v.isMain);
        const ids = new Map<string, string>();
        for (const r of rows) {
          const existing = r.isMain ? main : byName.get(r.name);
          if (r.isMain && main && main.name !== r.name) byName.delete(main.name);
          const venue: Venue = existing
            ? { ...existing, name: r.name, level: r.level }
            : { id: newId(), meetingId, name: r.name, level: r.level, parentId: null, isMain: false };
          if (existing) await store.venues.update(venue);
          else {
            await store.venues.insert(venue);
            await addCode(meetingId, 'venue', venue.id);
          }
          byName.set(r.name, venue);
          ids.set(r.name, venue.id);
        }
        for (const r of rows) {
          const venue = byName.get(r.name);
          if (!venue) continue;
          const parentId = r.parent ? (byName.get(r.parent)?.id ?? null) : null;
          if (r.parent && !parentId) throw new DomainError('bad_request', [`unknown parent "${r.parent}" of "${r.name}"`]);
          if (parentId === venue.id) throw new DomainError('bad_request', [`"${r.name}" cannot be its own parent`]);
          await store.venues.update({ ...venue, parentId });
        }
        const venues = await store.venues.list(meetingId);
        assertNoCycles(venues);
        await append(meetingId, 'venues:updated', 'all', { venues });
        return venues;
      });
    },

    /** Every role × venue of the meeting with its code; `code: null` where the code was revoked. */
    async joinCodes(meetingId: string): Promise<JoinCodeEntry[]> {
      const [venues, codeList] = await Promise.all([store.venues.list(meetingId), store.venues.listCodes(meetingId)]);
      const codes = new Map(codeList.map((c) => [`${c.venueId}|${c.role}`, c.code]));
      const slots = venues.flatMap((v) => (v.isMain ? (['host', 'secretary'] as const) : (['venue'] as const)).map((role) => ({ v, role })));
      const order = { host: 0, secretary: 1, venue: 2 } as const;
      return slots
        .sort((a, b) => order[a.role] - order[b.role])
        .map(({ v, role }) => {
          const code = codes.get(`${v.id}|${role}`) ?? null;
          return { role, venueId: v.id, venueName: v.name, level: v.level, parentId: v.parentId, code, path: code ? `/join/${code}` : null };
        });
    },

    /**
     * A host or secretary session for the meeting's main venue, without a join code (the owning
     * organiser opens its meeting). The token expires by `notAfterS` (the organiser's own session) at the latest.
     */
    async openAs(meetingId: string, role: 'host' | 'secretary', notAfterS: number, nowS = Math.floor(Date.now() / 1000)): Promise<JoinReply> {
      const meeting = await get(meetingId);
      const venue = (await store.venues.list(meetingId)).find((v) => v.isMain);
      if (!venue) throw new DomainError('not_found');
      const session: SessionClaims = { role, meetingId, venueId: venue.id, exp: Math.min(nowS + tokenTtlS, Math.floor(notAfterS)) };
      return { token: signSession(session, secret), session, meeting, venue };
    },

    /** Exchange a join code for a signed session token; null when the code is unknown. */
    async join(code: string, nowS = Math.floor(Date.now() / 1000)): Promise<JoinReply | null> {
      const record = await store.venues.findCode(code);
      if (!record) return null;
      const meeting = await get(record.meetingId);
      const venue = await store.venues.get(record.venueId);
      if (!venue) return null;
      const session: SessionClaims = { role: record.role, meetingId: meeting.id, venueId: venue.id, exp: nowS + tokenTtlS, cid: joinCodeId(code) };
      return { token: signSession(session, secret), session, meeting, venue };
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
