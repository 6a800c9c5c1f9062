/**
 * Export buttons for every document the server renders (docs/exports.md): 纪要, 督办台账,
 * 落实情况, 文字记录 and 字幕. Each endpoint is probed once (HEAD); one the server does not
 * provide stays disabled with a note instead of failing. 审阅纪要 opens the minutes draft.
 */
import { For, Show, createSignal, onMount } from 'solid-js';
import { downloadFile } from '../../api/http.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';

/** Export formats the desk offers, by server route suffix, grouped by document. */
export const EXPORTS = [
  { id: 'minutes-docx', group: '纪要', label: 'Word', path: 'minutes.docx', file: '会议纪要.docx' },
  { id: 'minutes-md', group: '纪要', label: 'Markdown', path: 'minutes.md', file: '会议纪要.md' },
  { id: 'ledger-xlsx', group: '督办台账', label: 'Excel', path: 'ledger.xlsx', file: '督办台账.xlsx' },
  { id: 'requirements-csv', group: '督办台账', label: 'CSV', path: 'requirements.csv', file: '督办台账.csv' },
  { id: 'acks-xlsx', group: '落实情况', label: 'Excel', path: 'acks.xlsx', file: '落实情况.xlsx' },
  { id: 'acks-csv', group: '落实情况', label: 'CSV', path: 'acks.csv', file: '落实情况.csv' },
  { id: 'transcript-docx', group: '文字记录', label: 'Word', path: 'transcript.docx', file: '文字记录.docx' },
  { id: 'transcript-txt', group: '文字记录', label: 'TXT', path: 'transcript.txt', file: '文字记录.txt' },
  { id: 'transcript-srt', group: '文字记录', label: '字幕 SRT', path: 'transcript.srt', file: '字幕.srt' },
] as const;

type Export = (typeof EXPORTS)[number];
const GROUPS = [...new Set(EXPORTS.map((e) => e.group))];

export function ExportBar(props: { onReviewMinutes: () => void }) {
  const [state, actions] = useStore();
  const [available, setAvailable] = createSignal<Partial<Record<Export['id'], boolean>>>({});
  const [busy, setBusy] = createSignal<Export['id'] | null>(null);
  const url = (path: string) => `/api/meetings/${encodeURIComponent(state.session?.meetingId ?? '')}/export/${path}`;

  onMount(async () => {
    const token = state.session?.token;
    if (!token) return;
    const results = await Promise.all(
      EXPORTS.map(async (e) => {
        try {
          const res = await fetch(url(e.path), { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
          return [e.id, res.ok] as const;
        } catch {
          return [e.id, false] as const;
        }
      }),
    );
    setAvailable(Object.fromEntries(results));
  });

  async function download(e: Export): Promise<void> {
    const token = state.session?.token;
    if (!token) return;
    setBusy(e.id);
    try {
      await downloadFile(url(e.path), token, e.file);
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(null);
    }
  }

  const missing = () => EXPORTS.filter((e) => available()[e.id] === false).length;

  return (
    <div class="export-bar" role="group" aria-label="导出">
      <button type="button" class="btn btn--gold btn--small" data-testid="review-minutes" onClick={() => props.onReviewMinutes()}>审阅纪要</button>
      <For each={GROUPS}>
        {(group) => (
          <span class="export-bar__group">
            <span class="export-bar__label">{group}</span>
            <For each={EXPORTS.filter((e) => e.group === group)}>
              {(e) => (
                <button
                  type="button"
                  class="btn btn--light btn--small"
                  disabled={available()[e.id] !== true || busy() === e.id}
                  title={available()[e.id] === false ? '服务器尚未提供此导出' : `导出${group}（${e.label}）`}
                  onClick={() => void download(e)}
                  data-testid={`export-${e.id}`}
                >
                  {busy() === e.id ? '导出中…' : e.label}
                </button>
              )}
            </For>
          </span>
        )}
      </For>
      <Show when={missing() > 0}>
        <span class="export-bar__note" data-testid="export-note">部分导出服务器尚未提供</span>
      </Show>
    </div>
  );
}
