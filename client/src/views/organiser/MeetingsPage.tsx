/**
 * The organiser's archive (/meetings): its meetings newest first, search over all of them,
 * 新建会议, and the account dialogs. Opening a meeting turns this tab into its host console or
 * secretary desk; 返回列表 there comes back here.
 */
import { Show, createEffect, createSignal, onMount } from 'solid-js';
import type { MeetingSummary, SearchHit, SearchReply } from '../../../../shared/protocol/index.ts';
import { listMeetings, searchMeetings } from '../../api/organiser.ts';
import { userMessage } from '../../api/errors.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { navigate } from '../../router/router.ts';
import { useStore } from '../../store/index.tsx';
import { AccountsPanel, PasswordPanel } from './AccountPanels.tsx';
import { CreateMeetingForm } from './CreateMeetingForm.tsx';
import { MeetingTable } from './MeetingTable.tsx';
import { openMeetingAs } from './open-meeting.ts';
import { SearchPanel } from './SearchPanel.tsx';

/** Meetings fetched per page of the list. */
const PAGE_SIZE = 50;

export function MeetingsPage() {
  const [state, actions] = useStore();
  const [meetings, setMeetings] = createSignal<MeetingSummary[]>([]);
  const [total, setTotal] = createSignal(0);
  const [loading, setLoading] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [result, setResult] = createSignal<{ query: string; reply: SearchReply } | null>(null);
  const [searching, setSearching] = createSignal(false);
  const [panel, setPanel] = createSignal<'create' | 'password' | 'accounts' | null>(null);

  // Logged out (here, in another tab, or the session expired): back to the login page.
  createEffect(() => {
    if (!state.organiser) navigate('/login', { replace: true });
  });

  async function load(offset: number): Promise<void> {
    setLoading(true);
    try {
      const page = await actions.organiser.call((token) => listMeetings(token, PAGE_SIZE, offset));
      setMeetings((list) => (offset === 0 ? page.meetings : [...list, ...page.meetings]));
      setTotal(page.total);
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setLoading(false);
    }
  }
  onMount(() => {
    if (state.organiser) void load(0);
  });

  async function search(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const q = query().trim();
    if ([...q.replace(/\s/g, '')].length < 2) {
      actions.toast('请输入至少两个字的检索词', 'error');
      return;
    }
    setSearching(true);
    try {
      setResult({ query: q, reply: await actions.organiser.call((token) => searchMeetings(token, q)) });
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setSearching(false);
    }
  }

  const fail = (error: unknown) => actions.toast(userMessage(error), 'error');
  const open = (meetingId: string, role: 'host' | 'secretary' | 'followup') => void openMeetingAs(actions, meetingId, role).catch(fail);
  const openHit = (hit: SearchHit) => void openMeetingAs(actions, hit.meetingId, 'secretary', { kind: hit.kind, id: hit.targetId }).catch(fail);
  const toggle = (p: 'create' | 'password' | 'accounts') => setPanel((cur) => (cur === p ? null : p));

  return (
    <div class="archive" data-testid="meetings-page">
      <header class="app-head app-head--blue">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">会议档案 · 主办单位</div>
          <div class="app-head__meeting" data-testid="organiser-name">{state.organiser?.organiser.displayName}</div>
        </div>
        <div class="app-head__spacer" />
        <button type="button" class="btn btn--head" data-testid="open-supervision" onClick={() => navigate('/supervision')}>督办总览</button>
        <button type="button" class="btn btn--head" onClick={() => toggle('password')}>修改密码</button>
        <Show when={state.organiser?.organiser.isAdmin}>
          <button type="button" class="btn btn--head" data-testid="open-accounts" onClick={() => toggle('accounts')}>单位账号</button>
        </Show>
        <button type="button" class="btn btn--head" data-testid="logout" onClick={() => void actions.organiser.signOut()}>退出登录</button>
      </header>
      <div class="archive-toolbar">
        <form class="archive-search-form" role="search" onSubmit={(e) => void search(e)}>
          <input class="input" type="search" data-testid="search-input" value={query()} onInput={(e) => setQuery(e.currentTarget.value)}
            placeholder="检索全部会议的转写和要求，如 森林防火、防火 责任" aria-label="检索词" maxLength={200} />
          <button type="submit" class="btn btn--primary" data-testid="search-submit" disabled={searching()}>{searching() ? '检索中…' : '检索'}</button>
        </form>
        <button type="button" class="btn btn--gold" data-testid="new-meeting" onClick={() => toggle('create')}>新建会议</button>
      </div>
      <main class="archive-main">
        <Show when={panel() === 'create'}><CreateMeetingForm onCreated={() => void load(0)} onClose={() => setPanel(null)} /></Show>
        <Show when={panel() === 'password'}><PasswordPanel onClose={() => setPanel(null)} /></Show>
        <Show when={panel() === 'accounts'}><AccountsPanel onClose={() => setPanel(null)} /></Show>
        <Show when={result()}>{(r) => <SearchPanel query={r().query} reply={r().reply} onOpen={openHit} onClose={() => setResult(null)} />}</Show>
        <MeetingTable meetings={meetings()} total={total()} loading={loading()} onOpen={open} onMore={() => void load(meetings().length)} />
      </main>
    </div>
  );
}
