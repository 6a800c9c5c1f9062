/**
 * What an audio open needs to know before its one synchronous step: the meeting (live, not being
 * closed or handed to another node), this node's ASR lease on it (taking it over rebuilds the
 * extractor from what the previous holder stored), where the stored transcript ends, Whisper's
 * prompt, and where a taken-over uplink's sender must resend from.
 */
import { DomainError } from '../errors.ts';
import type { MeetingAudioDeps, Prepared } from './meeting-audio-types.ts';
import { createMeetingPromptSource } from './meeting-prompt.ts';

export function createAudioPreparer(
  { store, pipeline, log, lease }: Pick<MeetingAudioDeps, 'store' | 'pipeline' | 'log' | 'lease'>,
  state: { closing: ReadonlySet<string>; yielding: ReadonlySet<string> },
): (meetingId: string) => Promise<Prepared> {
  return async (meetingId) => {
    const meeting = await store.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not_found');
    if (meeting.status !== 'live' || state.closing.has(meetingId)) throw new DomainError('meeting_not_live');
    // Not taken back here while it passes to the node a console took the capture over on.
    if (state.yielding.has(meetingId)) throw new DomainError('transcribing_elsewhere', ['audio of this meeting is passing to another node'], true);
    const claim = lease ? await lease.claim(meetingId) : null;
    // The previous holder extracted what it stored: continue from the stored transcript.
    if (claim?.takenOver) await pipeline.resume(meetingId, { rebuild: true });
    // Read after the lease was taken: whatever the previous holder stored is in.
    const from = claim?.handover ?? null;
    const [storedEndMs, prompt, streamEndMs] = await Promise.all([
      store.segments.lastEndMs(meetingId),
      createMeetingPromptSource(store, meeting, (err) => log.warn({ err, meetingId }, 'transcription prompt not refreshed')),
      from ? store.segments.lastEndMsOf(meetingId, `${from.streamId}-`) : Promise.resolve(0),
    ]);
    return { meeting, storedEndMs, prompt, handover: from ? { ...from, storedEndMs: streamEndMs } : null };
  };
}
