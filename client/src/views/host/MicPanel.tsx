/**
 * 讲话采集: microphone picker, start/stop, and a level meter. Capture runs in an AudioWorklet
 * and streams Int16 PCM to the server while the meeting is live.
 */
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { listMicrophones, startMicrophone, type MicrophoneCapture, type MicrophoneInfo } from '../../audio/microphone.ts';
import { levelFraction } from '../../audio/pcm.ts';
import { createAudioUplink, type UplinkStats } from '../../audio/uplink.ts';
import { UserFacingError, userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';

export function MicPanel() {
  const [state, actions] = useStore();
  const [devices, setDevices] = createSignal<MicrophoneInfo[]>([]);
  const [deviceId, setDeviceId] = createSignal<string>('');
  const [capture, setCapture] = createSignal<MicrophoneCapture | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** 停止采集 was clicked: the last chunks are being delivered and the server stream closed. */
  const [stopping, setStopping] = createSignal(false);
  const [levelDb, setLevelDb] = createSignal(-90);
  const [stats, setStats] = createSignal<UplinkStats>({ sent: 0, dropped: 0, rejected: 0, throttled: 0, lastError: null });
  /** Another console captures: ask before taking over. */
  const [askTakeover, setAskTakeover] = createSignal(false);
  /** This console's capture was taken over by another one (shown until the next start). */
  const [takenOver, setTakenOver] = createSignal(false);
  const uplink = createAudioUplink(actions.connection.socket, setStats, () => void onTakenOver());

  async function onTakenOver(): Promise<void> {
    const running = capture();
    setCapture(null);
    setLevelDb(-90);
    setTakenOver(true);
    await running?.stop();
    await uplink.stop();
    actions.toast('讲话采集已由另一台主会场电脑接管，本机已停止采集', 'info');
  }

  async function refreshDevices(): Promise<void> {
    try {
      const list = await listMicrophones();
      setDevices(list);
      if (!deviceId() && list[0]) setDeviceId(list[0].deviceId);
    } catch {
      setDevices([]);
    }
  }

  onMount(() => {
    void refreshDevices();
    navigator.mediaDevices?.addEventListener?.('devicechange', refreshDevices);
  });

  async function start(takeover = false): Promise<void> {
    if (busy() || capture()) return;
    setBusy(true);
    setAskTakeover(false);
    setTakenOver(false);
    try {
      const running = await startMicrophone(deviceId() || null, {
        onChunk: (pcm) => uplink.push(pcm),
        onLevel: setLevelDb,
      });
      setCapture(running);
      await uplink.start(running.wireRate, takeover);
      void refreshDevices();
      actions.toast(takeover ? '已接管讲话采集' : '已开始采集讲话', 'success');
    } catch (error) {
      await capture()?.stop();
      setCapture(null);
      setLevelDb(-90);
      // One capturing console per meeting: the operator decides whether this one takes over.
      if (error instanceof UserFacingError && error.code === 'capture_busy') setAskTakeover(true);
      else actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function stop(): Promise<void> {
    const running = capture();
    if (!running) return;
    setBusy(true);
    try {
      await running.stop();
      // The microphone is off now; the uplink still delivers the last chunks and closes the stream.
      setCapture(null);
      setLevelDb(-90);
      setStopping(true);
      await uplink.stop();
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setCapture(null);
      setLevelDb(-90);
      setStopping(false);
      setBusy(false);
    }
  }

  onCleanup(() => {
    navigator.mediaDevices?.removeEventListener?.('devicechange', refreshDevices);
    void stop();
  });

  const live = () => state.meeting.meeting?.status === 'live';
  const segments = 20;

  return (
    <section class="panel mic-panel" aria-labelledby="mic-title">
      <h2 class="panel__title" id="mic-title">讲话采集</h2>
      <label class="field-label" for="mic-device">麦克风</label>
      <select
        id="mic-device"
        class="select"
        value={deviceId()}
        disabled={capture() !== null}
        onChange={(e) => setDeviceId(e.currentTarget.value)}
        data-testid="mic-device"
      >
        <For each={devices()} fallback={<option value="">默认麦克风</option>}>
          {(d) => <option value={d.deviceId}>{d.label}</option>}
        </For>
      </select>
      <div class="level-meter" role="meter" aria-label="输入音量" aria-valuemin={-60} aria-valuemax={0} aria-valuenow={Math.round(levelDb())} data-testid="level-meter">
        <For each={Array.from({ length: segments }, (_, i) => i)}>
          {(i) => (
            <span
              class={`level-meter__seg ${i / segments < levelFraction(levelDb()) ? 'is-on' : ''} ${i >= segments * 0.85 ? 'is-hot' : i >= segments * 0.65 ? 'is-warm' : ''}`}
            />
          )}
        </For>
      </div>
      <div class="mic-panel__row">
        <Show
          when={capture()}
          fallback={
            <button type="button" class="btn btn--primary" disabled={busy() || !live()} onClick={() => void start(false)} data-testid="mic-start">
              {busy() ? '正在启动…' : '开始采集'}
            </button>
          }
        >
          <button type="button" class="btn btn--danger" disabled={busy()} onClick={() => void stop()} data-testid="mic-stop">
            停止采集
          </button>
        </Show>
        <span class="mic-panel__state" data-testid="mic-state" data-capturing={capture() !== null}>
          {capture() ? `采集中 · ${(capture()?.wireRate ?? 0) / 1000} kHz · 已发送 ${stats().sent} 段` : stopping() ? '正在送出最后的讲话…' : live() ? '未采集' : '会议开始后可采集'}
        </span>
      </div>
      <Show when={askTakeover()}>
        <div class="mic-panel__warn" role="alertdialog" aria-labelledby="mic-takeover-text" data-testid="mic-takeover">
          <p id="mic-takeover-text">另一台主会场电脑正在采集讲话。每场会议只能由一台电脑采集，是否改由本机采集？对方将停止采集。</p>
          <div class="mic-panel__row">
            <button type="button" class="btn btn--danger" disabled={busy()} onClick={() => void start(true)} data-testid="mic-takeover-confirm">
              由本机接管采集
            </button>
            <button type="button" class="btn" disabled={busy()} onClick={() => setAskTakeover(false)} data-testid="mic-takeover-cancel">
              取消
            </button>
          </div>
        </div>
      </Show>
      <Show when={takenOver()}>
        <div class="mic-panel__warn" role="alert" data-testid="mic-taken-over">
          讲话采集已由另一台主会场电脑接管，本机已停止采集。如需改回本机，请点击“开始采集”。
        </div>
      </Show>
      <Show when={!capture() && !takenOver() && (stats().pendingMs ?? 0) > 0}>
        <div class="mic-panel__warn" role="alert" data-testid="mic-unsent">
          还有约 {Math.max(1, Math.round((stats().pendingMs ?? 0) / 1000))} 秒讲话音频未送达服务器，正在自动补发，请不要关闭本页面
        </div>
      </Show>
      <Show when={!takenOver() && (stats().dropped > 0 || stats().rejected > 0)}>
        <div class="mic-panel__warn" data-testid="mic-warn">
          {stats().dropped} 段音频未发送，{stats().rejected} 段被拒收{stats().lastError ? `（${stats().lastError}）` : ''}
        </div>
      </Show>
    </section>
  );
}
