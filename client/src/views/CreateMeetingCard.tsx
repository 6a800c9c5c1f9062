/**
 * 新建会议 (organiser): title, organiser, time and main venue; the server answers with the host
 * and secretary codes, shown once, and the organiser continues as host.
 */
import { Show, createSignal } from 'solid-js';
import type { MeetingCreated } from '../../../shared/protocol/index.ts';
import { createMeeting } from '../api/meetings.ts';
import { userMessage } from '../api/errors.ts';
import { useStore } from '../store/index.tsx';
import { fromLocalInput, toLocalInput } from './host/setup-form.ts';

export function CreateMeetingCard(props: { onJoin: (code: string) => void }) {
  const [, actions] = useStore();
  const [title, setTitle] = createSignal('');
  const [organiser, setOrganiser] = createSignal('');
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
      setCreated(await createMeeting({ title: title(), organiser: organiser(), scheduledAt, publishMode: 'auto' }));
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="create-card" aria-labelledby="create-title">
      <h2 class="create-card__title" id="create-title">新建会议</h2>
      <Show
        when={created()}
        fallback={
          <form class="create-card__form" onSubmit={(e) => void submit(e)}>
            <label class="field-label" for="create-title-input">会议名称</label>
            <input id="create-title-input" class="input" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={500} placeholder="如 全市安全生产工作部署会" />
            <label class="field-label" for="create-organiser">主办单位</label>
            <input id="create-organiser" class="input" value={organiser()} onInput={(e) => setOrganiser(e.currentTarget.value)} required maxLength={100} placeholder="如 市应急管理局" />
            <label class="field-label" for="create-when">会议时间</label>
            <input id="create-when" class="input" type="datetime-local" value={when()} onInput={(e) => setWhen(e.currentTarget.value)} required />
            <button class="btn btn--ghost create-card__submit" type="submit" disabled={busy()}>{busy() ? '正在创建…' : '创建会议'}</button>
          </form>
        }
      >
        {(meeting) => (
          <div class="create-card__done">
            <p>会议已创建。请妥善保存以下加入码（仅显示一次）：</p>
            <dl class="create-card__codes">
              <dt>主会场</dt><dd class="code">{meeting().hostCode}</dd>
              <dt>记录席</dt><dd class="code">{meeting().secretaryCode}</dd>
            </dl>
            <p class="muted">分会场加入码在主会场控制台导入会场后生成。</p>
            <button type="button" class="btn btn--primary" onClick={() => props.onJoin(meeting().hostCode)}>进入主会场控制台</button>
          </div>
        )}
      </Show>
    </section>
  );
}
