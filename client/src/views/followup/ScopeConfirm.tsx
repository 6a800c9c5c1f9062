/**
 * 责任单位确认 on the 督办台: each requirement that names responsible units, the branch venues they
 * were matched to, and whether its tasks went out. Named units that match venues wait for the
 * secretary: ticking the venues (the suggestion pre-ticked) and 确认 issues the tasks; narrowing
 * withdraws the others' tasks, 全部分会场 sends it to every branch venue.
 */
import { For, Show, createSignal } from 'solid-js';
import type { RequirementScope } from '../../../../shared/followup/schemas.ts';
import { confirmScope } from '../../api/followup.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';

interface Props {
  scopes: RequirementScope[];
  venues: { id: string; name: string }[];
  token: string;
  meetingId: string;
  onChanged: () => void;
}

/** What the row says about where the requirement's tasks go. */
function scopeLine(s: RequirementScope, venueCount: number, nameOf: (id: string) => string): string {
  if (s.venueIds === null) return `待确认：建议下发 ${s.suggestion.venueIds.map(nameOf).join('、')}`;
  const where = s.venueIds.length === venueCount ? '全部分会场' : s.venueIds.map(nameOf).join('、');
  return s.confirmed ? `已确认（${s.confirmed.by}）：${where}` : `${where}（默认）`;
}

export function ScopeConfirm(props: Props) {
  const [, actions] = useStore();
  const [editing, setEditing] = createSignal<string | null>(null);
  const [all, setAll] = createSignal(false);
  const [ticked, setTicked] = createSignal<Set<string>>(new Set());
  const named = () => props.scopes.filter((s) => s.responsible.length > 0);
  const held = () => props.scopes.filter((s) => s.venueIds === null).length;
  const nameOf = (id: string) => props.venues.find((v) => v.id === id)?.name ?? '（已删除）';

  function open(s: RequirementScope): void {
    if (editing() === s.requirementId) return void setEditing(null);
    const current = s.venueIds ?? s.suggestion.venueIds;
    setAll(s.venueIds !== null && s.venueIds.length === props.venues.length);
    setTicked(new Set(current));
    setEditing(s.requirementId);
  }

  function toggle(id: string): void {
    const next = new Set(ticked());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setTicked(next);
  }

  async function save(requirementId: string): Promise<void> {
    try {
      const r = await confirmScope(props.token, props.meetingId, { requirementId, venueIds: all() ? null : [...ticked()] });
      actions.toast(`已确认责任单位：下发 ${r.created} 个，撤销 ${r.cancelled} 个`, 'success');
      setEditing(null);
      props.onChanged();
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    }
  }

  return (
    <Show when={named().length > 0}>
      <section class="panel scope-panel" data-testid="scope-panel" aria-label="责任单位确认">
        <div class="scope-panel__head">
          <strong>责任单位确认</strong>
          <Show when={held() > 0} fallback={<span class="muted">点名责任单位的要求已按确认的分会场下发</span>}>
            <span class="task-pill task-pill--yellow" data-testid="scope-held">{held()} 项要求待确认分会场，确认后下发</span>
          </Show>
        </div>
        <For each={named()}>
          {(s) => (
            <div class="scope-row" data-testid="scope-row" data-requirement-id={s.requirementId} data-held={s.venueIds === null ? 'true' : 'false'}>
              <span class="board-group__marker">{s.marker}</span>
              <span class="scope-row__headline">{s.headline}</span>
              <span class="muted">责任单位：{s.responsible.join('、')}</span>
              <span class={s.venueIds === null ? 'scope-row__line scope-row__line--held' : 'scope-row__line'}>{scopeLine(s, props.venues.length, nameOf)}</span>
              <button type="button" class="btn btn--ghost btn--small" data-testid="scope-edit" onClick={() => open(s)}>{s.venueIds === null ? '确认分会场' : '调整'}</button>
              <Show when={editing() === s.requirementId}>
                <form class="scope-form" onSubmit={(e) => { e.preventDefault(); void save(s.requirementId); }}>
                  <label class="scope-form__all"><input type="checkbox" checked={all()} onChange={(e) => setAll(e.currentTarget.checked)} data-testid="scope-all" /> 全部分会场</label>
                  <Show when={!all()}>
                    <div class="scope-form__venues">
                      <For each={props.venues}>
                        {(v) => (
                          <label classList={{ 'scope-venue': true, 'scope-venue--suggested': s.suggestion.venueIds.includes(v.id) }}>
                            <input type="checkbox" checked={ticked().has(v.id)} onChange={() => toggle(v.id)} data-testid="scope-venue" data-venue-id={v.id} /> {v.name}
                          </label>
                        )}
                      </For>
                    </div>
                  </Show>
                  <button type="submit" class="btn btn--primary btn--small" data-testid="scope-save" disabled={!all() && ticked().size === 0}>确认并下发</button>
                </form>
              </Show>
            </div>
          )}
        </For>
      </section>
    </Show>
  );
}
