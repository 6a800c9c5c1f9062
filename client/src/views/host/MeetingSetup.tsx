/**
 * 会议设置: title, organiser, time, speakers, glossary, publish mode, venue import and the join
 * codes to hand out. Saved over REST; the server answers with `meeting:updated` /
 * `venues:updated` events, which update every open page.
 */
import { For, Index, Show, createEffect, createSignal, on } from 'solid-js';
import type { JoinCodeEntry, PublishMode } from '../../../../shared/protocol/index.ts';
import { changeJoinCode, importVenues, listJoinCodes, updateMeeting } from '../../api/meetings.ts';
import { userMessage } from '../../api/errors.ts';
import { downloadFile } from '../../api/http.ts';
import { levelLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import {
  formatGlossary,
  fromLocalInput,
  parseGlossary,
  rowsToSpeakers,
  speakersToRows,
  toLocalInput,
  type SpeakerRow,
} from './setup-form.ts';

/** Largest venue file accepted, bytes (5,000 venues fit easily). */
const MAX_VENUE_FILE_BYTES = 2 * 1024 * 1024;

export function MeetingSetup() {
  const [state, actions] = useStore();
  const meeting = () => state.meeting.meeting;
  const [title, setTitle] = createSignal('');
  const [organiser, setOrganiser] = createSignal('');
  const [scheduled, setScheduled] = createSignal('');
  const [mode, setMode] = createSignal<PublishMode>('auto');
  const [speakers, setSpeakers] = createSignal<SpeakerRow[]>([]);
  const [glossary, setGlossary] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const [codes, setCodes] = createSignal<JoinCodeEntry[]>([]);
  const [importing, setImporting] = createSignal(false);

  // Fill the form once the meeting is known (not on every later update, which would eat edits).
  createEffect(
    on(
      () => meeting()?.id,
      (id) => {
        const m = meeting();
        if (!id || !m) return;
        setTitle(m.title);
        setOrganiser(m.organiser);
        setScheduled(toLocalInput(m.scheduledAt));
        setMode(m.publishMode);
        setSpeakers(speakersToRows(m.speakers));
        setGlossary(formatGlossary(m.glossary));
        void refreshCodes();
      },
    ),
  );

  // New venues mean new codes.
  createEffect(on(() => Object.keys(state.meeting.venues).length, () => void refreshCodes(), { defer: true }));

  async function refreshCodes(): Promise<void> {
    const session = state.session;
    if (!session) return;
    try {
      setCodes(await listJoinCodes(session.token, session.meetingId));
    } catch {
      setCodes([]);
    }
  }

  /** Rotate or revoke a branch venue's code, after the operator confirmed what it does. */
  async function changeCode(entry: JoinCodeEntry, action: 'rotate' | 'revoke'): Promise<void> {
    const session = state.session;
    if (!session) return;
    const question = action === 'rotate'
      ? `为“${entry.venueName}”换发新加入码？原加入码立即失效，用原加入码登录的屏幕将退出会议，需用新加入码重新加入。`
      : `停用“${entry.venueName}”的加入码？用它登录的屏幕将立即退出会议；之后可点击“换码”重新发放。`;
    if (!window.confirm(question)) return;
    try {
      const reply = await changeJoinCode(session.token, session.meetingId, entry.venueId, action);
      setCodes((list) => list.map((c) => (c.venueId === entry.venueId && c.role === entry.role ? reply.entry : c)));
      const ended = reply.endedSockets > 0 ? `，${reply.endedSockets} 个已登录的连接已断开` : '';
      actions.toast(action === 'rotate' ? `已为${entry.venueName}换发新加入码${ended}` : `已停用${entry.venueName}的加入码${ended}`, 'success');
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    }
  }

  async function save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const session = state.session;
    if (!session || saving()) return;
    const scheduledAt = fromLocalInput(scheduled());
    if (!scheduledAt) {
      actions.toast('请填写正确的会议时间', 'error');
      return;
    }
    setSaving(true);
    try {
      await updateMeeting(session.token, session.meetingId, {
        title: title(),
        organiser: organiser(),
        scheduledAt,
        publishMode: mode(),
        speakers: rowsToSpeakers(speakers()),
        glossary: parseGlossary(glossary()),
      });
      actions.toast('会议设置已保存', 'success');
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setSaving(false);
    }
  }

  async function onVenueFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    const session = state.session;
    input.value = '';
    if (!file || !session) return;
    if (file.size > MAX_VENUE_FILE_BYTES) {
      actions.toast('会场文件过大（上限 2 MB）', 'error');
      return;
    }
    setImporting(true);
    try {
      const venues = await importVenues(session.token, session.meetingId, file.name, new Uint8Array(await file.arrayBuffer()));
      actions.toast(`导入完成，共 ${venues.filter((v) => !v.isMain).length} 个分会场`, 'success');
      await refreshCodes();
    } catch (error) {
      actions.toast(error instanceof SyntaxError ? '会场文件不是有效的 JSON' : userMessage(error), 'error');
    } finally {
      setImporting(false);
    }
  }

  async function downloadCodes(): Promise<void> {
    const session = state.session;
    if (!session) return;
    try {
      await downloadFile(`/api/meetings/${encodeURIComponent(session.meetingId)}/join-codes?format=csv`, session.token, '加入码.csv');
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    }
  }

  const updateSpeaker = (i: number, patch: Partial<SpeakerRow>) =>
    setSpeakers((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div class="setup" data-testid="meeting-setup">
      <form class="setup__form" onSubmit={(e) => void save(e)}>
        <label class="field-label" for="setup-title">会议名称</label>
        <input id="setup-title" class="input" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={500} />
        <div class="setup__two">
          <div>
            <label class="field-label" for="setup-organiser">主办单位</label>
            <input id="setup-organiser" class="input" value={organiser()} onInput={(e) => setOrganiser(e.currentTarget.value)} required maxLength={100} />
          </div>
          <div>
            <label class="field-label" for="setup-time">会议时间</label>
            <input id="setup-time" class="input" type="datetime-local" value={scheduled()} onInput={(e) => setScheduled(e.currentTarget.value)} required />
          </div>
        </div>

        <fieldset class="setup__fieldset">
          <legend class="field-label">讲话人</legend>
          <Index each={speakers()}>
            {(row, i) => (
              <div class="setup__speaker">
                <input class="input" aria-label={`讲话人 ${i + 1} 姓名`} placeholder="姓名" value={row().name} onInput={(e) => updateSpeaker(i, { name: e.currentTarget.value })} maxLength={50} />
                <input class="input" aria-label={`讲话人 ${i + 1} 职务`} placeholder="职务，如 副厅长" value={row().role} onInput={(e) => updateSpeaker(i, { role: e.currentTarget.value })} maxLength={50} />
                <button type="button" class="btn btn--ghost btn--small" aria-label={`删除讲话人 ${i + 1}`} onClick={() => setSpeakers((rows) => rows.filter((_, j) => j !== i))}>删除</button>
              </div>
            )}
          </Index>
          <button type="button" class="btn btn--ghost btn--small" onClick={() => setSpeakers((rows) => [...rows, { name: '', role: '' }])}>＋ 添加讲话人</button>
        </fieldset>

        <fieldset class="setup__fieldset">
          <legend class="field-label">发布方式</legend>
          <label class="radio"><input type="radio" name="publish-mode" checked={mode() === 'auto'} onChange={() => setMode('auto')} /> 自动下发：要求形成即推送分会场</label>
          <label class="radio"><input type="radio" name="publish-mode" checked={mode() === 'review'} onChange={() => setMode('review')} /> 审核后下发：记录席逐条确认后推送</label>
        </fieldset>

        <label class="field-label" for="setup-glossary">专用词表（每行一个，误识别写在冒号后）</label>
        <textarea id="setup-glossary" class="textarea" rows={3} value={glossary()} onInput={(e) => setGlossary(e.currentTarget.value)} placeholder="两为整治：两位整治、两委整治" />

        <button class="btn btn--primary" type="submit" disabled={saving()}>{saving() ? '正在保存…' : '保存设置'}</button>
      </form>

      <div class="setup__venues">
        <div class="setup__venues-head">
          <span class="field-label">分会场（{Object.values(state.meeting.venues).filter((v) => !v.isMain).length} 个）</span>
          <label class={`btn btn--ghost btn--small ${importing() ? 'is-busy' : ''}`}>
            {importing() ? '正在导入…' : '导入 CSV / JSON'}
            <input type="file" accept=".csv,.json,text/csv,application/json" class="visually-hidden" onChange={(e) => void onVenueFile(e.currentTarget)} data-testid="venue-import" />
          </label>
        </div>
        <p class="muted setup__hint">CSV 列：name,level,parent,isMain（层级：省 / 市 / 州 / 县 / 区）</p>
        <Show when={codes().length > 0}>
          <button type="button" class="btn btn--ghost btn--small setup__download" onClick={() => void downloadCodes()} data-testid="codes-download">
            下载全部加入码（CSV）
          </button>
          <table class="codes-table">
            <thead><tr><th scope="col">会场</th><th scope="col">身份</th><th scope="col">加入码</th><th scope="col"><span class="visually-hidden">操作</span></th></tr></thead>
            <tbody>
              <For each={codes()}>
                {(c) => (
                  <tr>
                    <td>{c.venueName} <span class="muted">{levelLabel(c.level)}</span></td>
                    <td>{c.role === 'host' ? '主会场' : c.role === 'secretary' ? '记录席' : '分会场'}</td>
                    <td>
                      <Show when={c.code} fallback={<span class="muted" data-testid="join-code-revoked">已停用</span>}>
                        <a class="code" href={c.path ?? undefined} data-testid="join-code-link">{c.code}</a>
                      </Show>
                    </td>
                    <td class="codes-table__actions">
                      <Show when={c.role === 'venue'}>
                        <button type="button" class="btn btn--ghost btn--small" onClick={() => void changeCode(c, 'rotate')} data-testid="join-code-rotate">换码</button>
                        <Show when={c.code}>
                          <button type="button" class="btn btn--ghost btn--small" onClick={() => void changeCode(c, 'revoke')} data-testid="join-code-revoke">停用</button>
                        </Show>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </div>
    </div>
  );
}
