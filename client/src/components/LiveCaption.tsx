/**
 * The live caption line: the running interim (greyed) or the last final sentence. Fixed height
 * and right-anchored overflow, so streaming text never moves anything else on the page.
 */
import { createMemo } from 'solid-js';
import { useStore } from '../store/index.tsx';
import { lastTranscriptLine } from '../state/selectors.ts';

/** Characters kept on the caption line (older text scrolls off to the left). */
const CAPTION_CHARS = 80;

export function LiveCaption(props: { class?: string }) {
  const [state] = useStore();
  const last = createMemo(() => lastTranscriptLine(state.meeting));
  const text = () => {
    const line = last();
    if (!line) return '';
    const full = line.kind === 'final' ? line.segment.text : line.interim.text;
    return full.length > CAPTION_CHARS ? `…${full.slice(-CAPTION_CHARS)}` : full;
  };
  return (
    <div class={`live-caption ${props.class ?? ''}`} data-testid="live-caption" aria-live="off">
      <span class="live-caption__label">实时字幕</span>
      {/* RTL box + LTR inner run: a line longer than the box is clipped on the left, so the newest words stay visible. */}
      <span class={`live-caption__text ${last()?.kind === 'interim' ? 'is-interim' : ''}`}>
        <span class="live-caption__run" dir="ltr">
          {text() || (state.meeting.meeting?.status === 'live' ? '正在聆听…' : '会议开始后在此显示讲话字幕')}
        </span>
      </span>
    </div>
  );
}
