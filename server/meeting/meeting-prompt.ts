/**
 * Whisper's prompt of a meeting (speakers, glossary, the last finals), kept up to date in the
 * background: the recogniser asks for it synchronously each time it queues a decode, and the
 * store can only answer asynchronously. Each ask returns the latest prompt built and starts a
 * rebuild for the next decode; a stored final rebuilds it at once, so the next decode has it.
 */
import type { Meeting } from '../../shared/protocol/domain.ts';
import { meetingPrompt, PROMPT_RECENT_SEGMENTS, type RecognitionPrompt } from '../../shared/transcript/prompt.ts';
import type { Store } from '../db/store.ts';

export interface MeetingPromptSource {
  /** The latest prompt built; starts a rebuild (glossary or speaker edits, corrected finals count from the next decode). */
  current(): RecognitionPrompt;
  /** Rebuild now; resolves when done (failures go to onError, the previous prompt stays). */
  refresh(): Promise<void>;
}

export async function createMeetingPromptSource(store: Store, meeting: Meeting, onError: (err: unknown) => void): Promise<MeetingPromptSource> {
  const build = async (m: Meeting) => meetingPrompt(m, await store.segments.recentTexts(m.id, PROMPT_RECENT_SEGMENTS));
  let prompt = await build(meeting);
  let running: Promise<void> | null = null;
  let again = false;

  const rebuild = async () => {
    // Asked again while building: build once more, so the newest state is not missed.
    do {
      again = false;
      const m = await store.meetings.get(meeting.id);
      if (m) prompt = await build(m);
    } while (again);
  };

  const refresh = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = rebuild()
      .catch(onError)
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    current() {
      void refresh();
      return prompt;
    },
    refresh,
  };
}
