/**
 * Attendance survives a restart: venues join on time, late, leave early or never; the server
 * stops and starts again on the same database; the minutes still say who was there and when.
 * No venue acknowledges anything, so the stored attendance is the only evidence.
 */
import { expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { clockTime } from '../server/exports/format.ts';
import { command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until as pollUntil } from './helpers/until.ts';

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => Promise<boolean>, what: string, timeoutMs = 10_000) => pollUntil(check, what, timeoutMs);

it('the minutes’ 出席 / 迟到 / 请假 (never online) come from stored attendance after a restart', async () => {
  const scripted = createScriptedTranscription();
  const server = await startServer({ transcription: scripted });
  const sockets: ClientSocket[] = [];
  const connect = async (token: string) => {
    const s = connectClient(server.url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };
  const f = await setupMeeting(server.url, 3, { title: '全市推进两为整治工作电视电话会议' });
  const meetingId = f.created.meeting.id;
  const [onTime, late, never] = f.venues;
  const intervals = () => server.app.store.attendance.list(meetingId);
  try {
    const host = await connect(f.host.token);
    const leaver = await connect(onTime!.token);
    await until(async () => (await intervals()).some((i) => i.venueId === onTime!.venue.id), 'on-time venue stored');
    unwrap(await command(host, 'meeting:start', {}));
    unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
    for (const u of sevenPointsUtterances().slice(0, 4)) scripted.say(meetingId, u);
    await new Promise((r) => setTimeout(r, 30)); // the late venue's join time must be after the start
    await connect(late!.token);
    await until(async () => (await intervals()).some((i) => i.venueId === late!.venue.id), 'late venue stored');
    leaver.disconnect();
    await until(async () => (await intervals()).some((i) => i.venueId === onTime!.venue.id && i.leftAt !== null), 'departure stored');
    await new Promise((r) => setTimeout(r, 30));
    unwrap(await command(host, 'meeting:end', {}));
  } finally {
    for (const s of sockets) s.disconnect();
    await server.close();
  }

  // A shutdown is not the late venue leaving: its interval stays open.
  const restarted = await startServer({ transcription: createScriptedTranscription(), dataFile: server.dataFile });
  try {
    const stored = await restarted.app.store.attendance.list(meetingId);
    const lateRow = stored.find((i) => i.venueId === late!.venue.id);
    const leftRow = stored.find((i) => i.venueId === onTime!.venue.id);
    expect(lateRow?.leftAt).toBeNull();
    expect(leftRow?.leftAt).not.toBeNull();
    expect(stored.some((i) => i.venueId === never!.venue.id)).toBe(false);

    const res = await fetch(`${restarted.url}/api/meetings/${meetingId}/export/minutes.md`, { headers: { authorization: `Bearer ${f.secretary.token}` } });
    expect(res.status).toBe(200);
    const md = await res.text();
    const present = /\*\*出席\*\*：(.+)/.exec(md)?.[1] ?? '';
    const absent = /\*\*请假\*\*：(.+)/.exec(md)?.[1] ?? '';
    expect(present).toContain(`${onTime!.venue.name}（${clockTime(leftRow?.leftAt ?? '')}离开）`);
    expect(present).toContain(`${late!.venue.name}（${clockTime(lateRow?.joinedAt ?? '')}接入）`);
    expect(absent.split('、').sort()).toEqual([never!.venue.name, '某市公安局'].sort());

    const csv = await (await fetch(`${restarted.url}/api/meetings/${meetingId}/export/acks.csv`, { headers: { authorization: `Bearer ${f.secretary.token}` } })).text();
    expect(csv).toContain(`迟到（${clockTime(lateRow?.joinedAt ?? '')}接入）`);
  } finally {
    await restarted.close();
  }
}, 60_000);
