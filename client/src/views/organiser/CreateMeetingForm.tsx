/**
 * 新建会议 (organiser): title, organiser, time and main venue; the meeting belongs to the
 * logged-in department. The host and secretary codes are shown once (for people without an
 * account); the organiser can open the console or the desk directly.
 */
import { Show, createSignal } from 'solid-js';
import type { MeetingCreated } from '../../../../shared/protocol/index.ts';
import { createMeeting } from '../../api/organiser.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';
import { fromLocalInput, toLocalInput } from '../host/setup-form.ts';
import { openMeetingAs } from './open-meeting.ts';

export function CreateMeetingForm(props: { onCreated: () => void; onClose: () => void }) {
  const [state, actions] = useStore();
  const [title, setTitle] = createSignal('');
  const [organiser, setOrganiser] = createSignal(state.organiser?.organiser.displayName ?? '');
  const [mainVenue, setMainVenue] = createSignal('');
  const [when, setWhen] = createSignal(toLocalInput(new Date().toISOString()));
  const [busy, setBusy] = createSignal(false);
  const [created, setCreated] = createSignal<MeetingCreated | null>(null);

  async function submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const scheduledAt = fromLocalInput(when());
    if (!scheduledAt) {
      actions.toast('请填写正确的会议时间', 'error');
      return;
    }
    setBusy(true);
    try {
      const body = { title: title(), organiser: organiser(), scheduledAt, publishMode: 'auto' as const, ...(mainVenue().trim() ? { mainVenueName: mainVenue().trim() } : {}) };
      setCreated(await actions.organiser.call((token) => createMeeting(token, body)));
      props.onCreated();
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  const open = (role: 'host' | 'secretary') => {
    const c = created();
    if (c) openMeetingAs(actions, c.meeting.id, role).catch((error: unknown) => actions.toast(userMessage(error), 'error'));
  };

  return (
    <section class="panel archive-create" aria-labelledby="archive-create-title" data-testid="create-meeting">
      <h2 class="panel__title" id="archive-create-title">新建会议
        <button type="button" class="btn btn--ghost btn--small archive-create__close" onClick={() => props.onClose()}>收起</button>
      </h2>
      <Show
        when={created()}
        fallback={
          <form class="archive-create__form" onSubmit={(e) => void submit(e)}>
            <label class="field-label" for="create-title-input">会议名称</label>
            <input id="create-title-input" class="input" data-testid="create-title" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={500} placeholder="如 全市安全生产工作电视电话会议" />
            <label class="field-label" for="create-organiser">主办单位</label>
            <input id="create-organiser" class="input" value={organiser()} onInput={(e) => setOrganiser(e.currentTarget.value)} required maxLength={100} />
            <label class="field-label" for="create-main-venue">主会场名称（可选）</label>
            <input id="create-main-venue" class="input" value={mainVenue()} onInput={(e) => setMainVenue(e.currentTarget.value)} maxLength={100} placeholder="默认与主办单位相同" />
            <label class="field-label" for="create-when">会议时间</label>
            <input id="create-when" class="input" type="datetime-local" value={when()} onInput={(e) => setWhen(e.currentTarget.value)} required />
            <button class="btn btn--primary archive-create__submit" type="submit" data-testid="create-submit" disabled={busy()}>{busy() ? '正在创建…' : '创建会议'}</button>
          </form>
        }
      >
        {(meeting) => (
          <div class="create-card__done" data-testid="create-done">
            <p>会议“{meeting().meeting.title}”已创建。没有账号的主持人、记录员可用以下加入码进入（仅显示一次）：</p>
            <dl class="create-card__codes">
              <dt>主会场</dt><dd class="code" data-testid="created-host-code">{meeting().hostCode}</dd>
              <dt>记录席</dt><dd class="code">{meeting().secretaryCode}</dd>
            </dl>
            <p class="muted">分会场加入码在主会场控制台导入会场后生成。</p>
            <div class="row-actions">
              <button type="button" class="btn btn--primary" onClick={() => open('host')}>进入主会场控制台</button>
              <button type="button" class="btn btn--ghost" onClick={() => open('secretary')}>进入记录席</button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
