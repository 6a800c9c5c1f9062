/**
 * 审阅纪要: the minutes draft the system generated, for the secretary to review and edit before
 * exporting — title, opening paragraph, section headings, each requirement's wording, the
 * attendance lines. Only changes are stored; an item whose requirement changed after it was
 * edited is flagged. The minutes exports (Word, Markdown) render the stored draft.
 */
import { For, Show, createSignal, onMount } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { MinutesDraftReply } from '../../../../shared/protocol/index.ts';
import { loadMinutesDraft, saveMinutesDraft } from '../../api/minutes.ts';
import { UserFacingError, userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';
import { editsFromForm, formFromDraft, itemEdited, neverJoinedHint, type MinutesForm } from './minutes-form.ts';

export function MinutesDraftPanel(props: { onClose: () => void; onSaved?: () => void }) {
  const [state, actions] = useStore();
  const [reply, setReply] = createSignal<MinutesDraftReply | null>(null);
  const [form, setForm] = createStore<MinutesForm>({ title: '', opening: '', headings: {}, items: {}, attendance: [] });
  const [busy, setBusy] = createSignal(false);
  const token = () => state.session?.token ?? '';
  const meetingId = () => state.session?.meetingId ?? '';

  function show(r: MinutesDraftReply): void {
    setReply(r);
    setForm(reconcile(formFromDraft(r.draft)));
  }

  async function load(): Promise<void> {
    try {
      show(await loadMinutesDraft(token(), meetingId()));
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    }
  }
  onMount(() => void load());

  const versions = () => Object.fromEntries(Object.values(state.meeting.requirements).map((r) => [r.id, r.version]));

  async function save(reset = false): Promise<void> {
    const r = reply();
    if (!r) return;
    setBusy(true);
    try {
      const edits = reset ? {} : editsFromForm(r.generated, form, versions(), r.edits);
      show(await saveMinutesDraft(token(), meetingId(), edits, r.revision));
      actions.toast(reset ? '已恢复为系统生成的纪要' : '纪要草稿已保存，导出将使用此稿', 'success');
      props.onSaved?.();
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'conflict') {
        actions.toast('纪要草稿已在其他记录席修改，已载入最新版本，请核对后再保存', 'error');
        await load();
      } else {
        actions.toast(userMessage(error), 'error');
      }
    } finally {
      setBusy(false);
    }
  }

  const restoreItem = (id: string) => {
    const g = reply()?.generated.sections.flatMap((s) => s.items).find((i) => i.requirementId === id);
    if (g) setForm('items', id, { headline: g.headline, body: g.body, units: g.responsible.join('、'), deadline: g.deadline ?? '' });
  };

  return (
    <div class="minutes-drawer" role="dialog" aria-modal="true" aria-labelledby="minutes-title" data-testid="minutes-panel">
      <div class="minutes-drawer__head">
        <h2 id="minutes-title">审阅纪要草稿</h2>
        <span class="muted">{reply()?.revision ? `已保存第 ${reply()?.revision} 版` : '系统生成，尚未修改'}</span>
        <div class="app-head__spacer" />
        <button type="button" class="btn btn--ghost btn--small" disabled={busy() || !reply()} onClick={() => void save(true)}>全部恢复系统生成</button>
        <button type="button" class="btn btn--primary btn--small" data-testid="minutes-save" disabled={busy() || !reply()} onClick={() => void save()}>保存草稿</button>
        <button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>关闭</button>
      </div>
      <Show when={reply()} fallback={<p class="muted minutes-drawer__body">正在生成纪要草稿…</p>}>
        {(r) => (
          <div class="minutes-drawer__body">
            <Show when={r().orphaned.length > 0}>
              <p class="gap-warning">有 {r().orphaned.length} 条已修改的要求不再列入纪要（已撤回），其修改不会导出。</p>
            </Show>
            <label class="field-label" for="minutes-title-input">标题</label>
            <input id="minutes-title-input" class="input minutes-drawer__title" value={form.title} onInput={(e) => setForm('title', e.currentTarget.value)} />
            <label class="field-label" for="minutes-opening">开头段落</label>
            <textarea id="minutes-opening" class="textarea" rows={4} data-testid="minutes-opening" value={form.opening} onInput={(e) => setForm('opening', e.currentTarget.value)} />
            <For each={r().generated.sections}>
              {(section) => (
                <div class="minutes-section">
                  <div class="minutes-section__head">
                    <span class="minutes-section__marker">{section.marker}</span>
                    <input class="input" value={form.headings[section.listId] ?? ''} onInput={(e) => setForm('headings', section.listId, e.currentTarget.value)} aria-label="部分标题" />
                  </div>
                  <For each={section.items}>
                    {(item) => (
                      <div class={`minutes-item minutes-item--l${item.level}`} data-testid="minutes-item">
                        <div class="minutes-item__head">
                          <span class="minutes-item__marker">{item.marker}</span>
                          <input class="input" value={form.items[item.requirementId]?.headline ?? ''} onInput={(e) => setForm('items', item.requirementId, 'headline', e.currentTarget.value)} aria-label="要求标题" />
                          <Show when={itemEdited(form, r().generated, item.requirementId)}>
                            <span class="badge badge--edited">已修改</span>
                            <button type="button" class="btn btn--ghost btn--small" onClick={() => restoreItem(item.requirementId)}>恢复</button>
                          </Show>
                        </div>
                        <Show when={r().stale.includes(item.requirementId)}>
                          <p class="minutes-item__stale" data-testid="minutes-stale">此条要求在纪要修改后又有更正，请核对措辞（恢复可采用最新内容）</p>
                        </Show>
                        <textarea class="textarea" rows={2} value={form.items[item.requirementId]?.body ?? ''} onInput={(e) => setForm('items', item.requirementId, 'body', e.currentTarget.value)} aria-label="要求正文" />
                        <div class="req-card__fields">
                          <label>责任单位<input class="input" value={form.items[item.requirementId]?.units ?? ''} onInput={(e) => setForm('items', item.requirementId, 'units', e.currentTarget.value)} placeholder="用顿号分隔" /></label>
                          <label>完成时限<input class="input" value={form.items[item.requirementId]?.deadline ?? ''} onInput={(e) => setForm('items', item.requirementId, 'deadline', e.currentTarget.value)} /></label>
                        </div>
                      </div>
                    )}
                  </For>
                </div>
              )}
            </For>
            <h3 class="minutes-drawer__sub">出席、请假、列席</h3>
            <p class="muted">系统按各会场实际接入情况生成：会议期间接入的列为“出席”（迟到、早退注明时间）；列席等请据实添加。</p>
            <Show when={neverJoinedHint(r().generated)}>
              {(hint) => <p class="minutes-attendance__hint" role="note" data-testid="minutes-never-joined">{hint()}</p>}
            </Show>
            <For each={form.attendance}>
              {(line, i) => (
                <div class="minutes-attendance" data-testid="minutes-attendance">
                  <input class="input minutes-attendance__label" value={line.label} onInput={(e) => setForm('attendance', i(), 'label', e.currentTarget.value)} aria-label="类别" maxLength={10} />
                  <textarea class="textarea" rows={2} value={line.text} onInput={(e) => setForm('attendance', i(), 'text', e.currentTarget.value)} aria-label="单位" />
                  <button type="button" class="btn btn--ghost-danger btn--small" onClick={() => setForm('attendance', (l) => l.filter((_, k) => k !== i()))}>删除</button>
                </div>
              )}
            </For>
            <button type="button" class="btn btn--ghost btn--small" onClick={() => setForm('attendance', (l) => [...l, { label: '请假', text: '' }])}>添加一行</button>
          </div>
        )}
      </Show>
    </div>
  );
}
