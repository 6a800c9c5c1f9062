/**
 * Host console (主会场): meeting setup, start/stop, speech capture, live transcript, the
 * requirements as they form, model status and the venue board, with the meeting's video.
 */
import { For, Show, createSignal } from 'solid-js';
import { VideoPanel } from '../../livekit/VideoPanel.tsx';
import { command } from '../../api/socket.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { Clock } from '../../components/Clock.tsx';
import { LeaveButton } from '../../components/LeaveButton.tsx';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { statusLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { MeetingSetup } from './MeetingSetup.tsx';
import { MicPanel } from './MicPanel.tsx';
import { ModelStatusPanel } from './ModelStatusPanel.tsx';
import { RequirementsPanel } from './RequirementsPanel.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { TranscriptPanel } from './TranscriptPanel.tsx';
import { VenueBoard } from './VenueBoard.tsx';

export function HostConsole() {
  const [state, actions] = useStore();
  const meeting = () => state.meeting.meeting;
  const [busy, setBusy] = createSignal(false);

  async function startMeeting(): Promise<void> {
    setBusy(true);
    await actions.connection.run((s) => command(s, 'meeting:start', {}), '会议已开始');
    setBusy(false);
  }

  async function endMeeting(): Promise<void> {
    if (!window.confirm('确定结束会议吗？结束后将停止采集与下发。')) return;
    setBusy(true);
    await actions.connection.run((s) => command(s, 'meeting:end', {}), '会议已结束');
    setBusy(false);
  }

  async function setSpeaker(speakerId: string): Promise<void> {
    await actions.connection.run((s) => command(s, 'speaker:set-current', { speakerId: speakerId || null }));
  }

  return (
    <div class="console" data-testid="host-console">
      <header class="app-head">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">主会场控制台</div>
          <div class="app-head__meeting" data-testid="meeting-title">{meeting()?.title ?? '正在载入会议…'}</div>
        </div>
        <span class={`status-pill status-pill--${meeting()?.status ?? 'draft'}`} data-testid="meeting-status">{statusLabel(meeting()?.status, meeting()?.reopenedForCorrections)}</span>
        <div class="app-head__spacer" />
        <Show when={(meeting()?.speakers.length ?? 0) > 0}>
          <label class="app-head__speaker">
            <span>当前讲话人</span>
            <select class="select select--dark" onChange={(e) => void setSpeaker(e.currentTarget.value)} data-testid="current-speaker">
              {/* `selected` per option, not `value` on the select: options are re-created when the meeting updates. */}
              <option value="" selected={!meeting()?.currentSpeakerId}>未指定</option>
              <For each={meeting()?.speakers ?? []}>
                {(s) => <option value={s.id} selected={meeting()?.currentSpeakerId === s.id}>{s.name}{s.role ? ` · ${s.role}` : ''}</option>}
              </For>
            </select>
          </label>
        </Show>
        <ConnectionBadge />
        <Clock />
        <LeaveButton />
        <Show when={meeting()?.status !== 'live'} fallback={
          <button type="button" class="btn btn--light-danger" disabled={busy()} onClick={() => void endMeeting()} data-testid="meeting-end">结束会议</button>
        }>
          <button type="button" class="btn btn--gold" disabled={busy() || meeting()?.status === 'ended' || !meeting()} onClick={() => void startMeeting()} data-testid="meeting-start">
            开始会议
          </button>
        </Show>
      </header>

      <main class="console-grid">
        <div class="console-col console-col--left">
          <details class="panel setup-panel" open={meeting()?.status === 'draft'}>
            <summary class="panel__title setup-panel__summary">会议设置</summary>
            <MeetingSetup />
          </details>
          <MicPanel />
          <ModelStatusPanel />
          <SummaryPanel />
        </div>
        <div class="console-col console-col--center">
          <TranscriptPanel class="console-transcript" />
          <RequirementsPanel class="console-reqs" />
        </div>
        <div class="console-col console-col--right">
          <VideoPanel sessionToken={state.session?.token ?? ''} role="host" layout="host" />
          <VenueBoard class="console-board" />
        </div>
      </main>
    </div>
  );
}
