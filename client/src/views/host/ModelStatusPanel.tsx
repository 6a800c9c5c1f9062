/**
 * 语音识别模型: loading / warm-up progress as reported by `model:status`.
 */
import { Show } from 'solid-js';
import { useStore } from '../../store/index.tsx';

const STATE_LABELS = { loading: '正在加载模型', warming: '正在预热模型', ready: '模型就绪', error: '模型不可用' } as const;

export function ModelStatusPanel() {
  const [state] = useStore();
  const model = () => state.meeting.model;
  const percent = () => Math.round(Math.max(0, Math.min(1, model()?.progress ?? 0)) * 100);
  return (
    <section class="panel model-panel" aria-labelledby="model-title" data-testid="model-status" data-state={model()?.state ?? 'unknown'}>
      <h2 class="panel__title" id="model-title">语音识别（本地）</h2>
      <Show when={model()} fallback={<div class="muted">等待服务器报告模型状态…</div>}>
        {(m) => (
          <>
            <div class="model-panel__row">
              <span class={`dot dot--${m().state}`} aria-hidden="true" />
              <strong>{STATE_LABELS[m().state]}</strong>
              <span class="muted model-panel__id">{m().modelId}</span>
            </div>
            <Show when={m().state === 'loading' || m().state === 'warming'}>
              <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent()}>
                <span class="progress__bar" style={{ width: `${percent()}%` }} />
              </div>
            </Show>
            <Show when={m().error}>{(e) => <div class="error-text">{e().message}</div>}</Show>
          </>
        )}
      </Show>
    </section>
  );
}
