/**
 * Venue screen (分会场): built for a meeting-room projector. Large type, the requirement list with
 * the most recently added item highlighted and its full text open, the live caption line,
 * 收到 / 已传达 per requirement, the connection state, and a full-screen notice when the meeting
 * ends; after it, with follow-up tasks issued, the venue's task inbox (督办任务). Fits 1920×1080
 * and 1366×768 without scrolling the page.
 */
import { For, Show, createEffect, createMemo, createSignal } from 'solid-js';
import { VideoPanel } from '../../livekit/VideoPanel.tsx';
import { BrandMark } from '../../components/BrandMark.tsx';
import { Clock } from '../../components/Clock.tsx';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { LiveCaption } from '../../components/LiveCaption.tsx';
import { clockTime, statusLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { countLabel, countWarns, listViews, newestRequirementId, venueTally, withdrawnAcknowledged } from '../../state/selectors.ts';
import { VenueEnded } from './VenueEnded.tsx';
import { VenueRequirement, WithdrawnRequirements } from './VenueRequirement.tsx';
import { VenueInbox } from '../followup/VenueInbox.tsx';
import { createTaskNotices } from '../followup/task-notices.ts';
import { unansweredReminders } from '../followup/task-format.ts';

export function VenueScreen() {
  const [state, actions] = useStore();
  const lists = createMemo(() => listViews(state.meeting, 'published'));
  const tally = createMemo(() => venueTally(state.meeting, state.session?.venueId ?? ''));
  const newest = createMemo(() => newestRequirementId(state.meeting, 'published'));
  const withdrawn = createMemo(() => withdrawnAcknowledged(state.meeting, state.session?.venueId ?? ''));
  /** Items opened or closed by hand; the newest is open unless someone closed it. */
  const [toggled, setToggled] = createSignal<Record<string, boolean>>({});
  const expanded = (id: string) => toggled()[id] ?? id === newest();
  const toggle = (id: string) => setToggled((t) => ({ ...t, [id]: !expanded(id) }));
  const venueName = () => state.meeting.venues[state.session?.venueId ?? '']?.name ?? state.session?.venueName ?? '';
  const speaker = () => {
    const m = state.meeting.meeting;
    const s = m?.speakers.find((sp) => sp.id === m.currentSpeakerId);
    return s ? `${s.name}${s.role ? ` ${s.role}` : ''}` : '—';
  };
  let listEl: HTMLElement | undefined;
  /**
   * After the meeting, with tasks issued, the screen becomes the venue's task inbox (进入督办任务 on
   * the 会议已结束 notice; 会议要求 switches back). Remembered for this tab, so a reload stays there.
   */
  const inboxKey = () => `luoshi.inbox.${state.session?.meetingId ?? ''}.${state.session?.venueId ?? ''}`;
  const [inboxChosen, setInboxChosen] = createSignal(sessionStorage.getItem(inboxKey()) === '1');
  // Once the venue went to its inbox, the 会议已结束 notice has been seen: 会议要求 then shows the list.
  const [inboxVisited, setInboxVisited] = createSignal(inboxChosen());
  const chooseInbox = (on: boolean) => {
    if (on) setInboxVisited(true);
    if (on) sessionStorage.setItem(inboxKey(), '1');
    else sessionStorage.removeItem(inboxKey());
    setInboxChosen(on);
  };
  const hasTasks = () => Object.keys(state.meeting.tasks).length > 0;
  /** 催办 not answered yet, on any task: the way back to the inbox says so. */
  const reminders = () => Object.values(state.meeting.tasks).reduce((n, t) => n + (unansweredReminders(t, state.meeting.taskEntries[t.id] ?? []).length > 0 ? 1 : 0), 0);
  createTaskNotices();
  const inbox = () => state.meeting.meeting?.status === 'ended' && hasTasks() && inboxChosen();

  // An item this venue had confirmed is withdrawn: say so at once (it also stays listed, struck through).
  let announced: Set<string> | null = null;
  createEffect(() => {
    const items = withdrawn();
    if (state.meeting.lastSeq === null) return;
    if (announced) {
      for (const r of items) if (!announced.has(r.id)) actions.toast(`${r.marker}“${r.fields.headline}”已撤回，请以最新要求为准`, 'info');
    }
    announced = new Set(items.map((r) => r.id));
  });

  // The server refused the token (it expired while the screen was up): join again with the venue's code.
  createEffect(() => {
    if (state.connection.status === 'unauthorized') void actions.renewVenue();
  });

  // Keep the newest requirement in view on small screens.
  createEffect(() => {
    const id = newest();
    if (!id || !listEl) return;
    const row = listEl.querySelector<HTMLElement>(`[data-requirement-id="${CSS.escape(id)}"]`);
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });

  return (
    <div class="venue-screen" data-testid="venue-screen">
      <header class="venue-head">
        <BrandMark small />
        <div class="venue-head__titles">
          <div class="venue-head__meeting" data-testid="meeting-title">{state.meeting.meeting?.title ?? '正在载入会议…'}</div>
          <div class="venue-head__venue">
            分会场：<strong data-testid="venue-name">{venueName()}</strong>
            <span class={`status-pill status-pill--${state.meeting.meeting?.status ?? 'draft'}`}>{statusLabel(state.meeting.meeting?.status, state.meeting.meeting?.reopenedForCorrections)}</span>
          </div>
        </div>
        <div class="venue-head__right">
          <ConnectionBadge />
          <Clock />
        </div>
      </header>

      <Show when={!inbox()} fallback={<VenueInbox onShowRequirements={() => chooseInbox(false)} />}>
      <Show when={hasTasks() && state.meeting.meeting?.status === 'ended'}>
        <button type="button" class="btn btn--gold venue-to-inbox" data-testid="venue-to-inbox" onClick={() => chooseInbox(true)}>
          督办任务<Show when={reminders() > 0}><span class="venue-to-inbox__remind" data-testid="venue-to-inbox-reminded">催办 {reminders()}</span></Show>
        </button>
      </Show>
      <main class="venue-main">
        <section class="venue-reqs" aria-label="会议要求" ref={listEl}>
          <For each={lists()} fallback={
            <div class="venue-empty">
              <div class="venue-empty__big">等待主会场部署要求</div>
              <div class="venue-empty__small">领导讲话中提出的要求将在此逐条显示，请及时点击“收到”</div>
            </div>
          }>
            {(view) => (
              <div class="venue-list">
                <div class="venue-list__head">
                  <span class="venue-list__speaker">
                    {view.list.speakerName ?? '主会场'}
                    <Show when={view.list.speakerRole}>{(role) => <span class="venue-list__role"> {role()}</span>}</Show>
                    <Show when={view.list.announcedCount}>{(n) => <span>　提出 {n()} 点要求</span>}</Show>
                  </span>
                  <span class={`count-check ${countWarns(view.list) ? 'count-check--warn' : ''}`} data-testid="count-check">
                    {countLabel(view.list)}
                  </span>
                </div>
                <ol class="venue-list__items">
                  <For each={view.items}>
                    {(node) => (
                      <VenueRequirement
                        node={node}
                        newest={newest() === node.requirement.id}
                        expanded={expanded(node.requirement.id)}
                        onToggle={() => toggle(node.requirement.id)}
                      />
                    )}
                  </For>
                </ol>
              </div>
            )}
          </For>
          <WithdrawnRequirements items={withdrawn()} />
        </section>

        <aside class="venue-side">
          <VideoPanel sessionToken={state.session?.token ?? ''} role="venue" layout="venue" />
          <div class="venue-tally" aria-label="本会场确认情况">
            <div class="venue-tally__title">本会场确认情况</div>
            <div class="venue-tally__row">
              <span>已收到</span>
              <span class="big-num" data-testid="tally-received">{tally().received}<small>/{tally().total}</small></span>
            </div>
            <div class="venue-tally__row">
              <span>已传达</span>
              <span class="big-num big-num--blue">{tally().relayed}<small>/{tally().total}</small></span>
            </div>
            <Show when={state.outbox.pending.length > 0}>
              <div class="venue-tally__pending">{state.outbox.pending.length} 条确认待发送，连接恢复后自动补发</div>
            </Show>
          </div>
          <dl class="venue-info" aria-label="会议信息">
            <div><dt>主办单位</dt><dd>{state.meeting.meeting?.organiser ?? '—'}</dd></div>
            <div><dt>讲话人</dt><dd>{speaker()}</dd></div>
            <div><dt>开始时间</dt><dd>{clockTime(state.meeting.meeting?.startedAt ?? null) || '—'}</dd></div>
          </dl>
        </aside>
      </main>

      <LiveCaption class="venue-caption" />
      </Show>
      <VenueEnded tally={tally()} tasks={Object.keys(state.meeting.tasks).length} inbox={inbox() || inboxVisited()} onInbox={() => chooseInbox(true)} />
    </div>
  );
}
