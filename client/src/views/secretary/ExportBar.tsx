/**
 * Export buttons: each calls the server's export endpoint for the meeting. Endpoints are probed
 * once (HEAD); one the server does not provide stays disabled with a note instead of failing.
 */
import { For, Show, createSignal, onMount } from 'solid-js';
import { downloadFile } from '../../api/http.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';

/** Export formats the client offers, by server route suffix. */
export const EXPORTS = [
  { id: 'minutes-docx', label: '导出纪要（Word）', path: 'minutes.docx', file: '会议纪要.docx' },
  { id: 'minutes-md', label: '导出纪要（文本）', path: 'minutes.md', file: '会议纪要.md' },
  { id: 'requirements-csv', label: '导出要求清单（CSV）', path: 'requirements.csv', file: '会议要求.csv' },
  { id: 'acks-csv', label: '导出落实情况（CSV）', path: 'acks.csv', file: '落实情况.csv' },
] as const;

type ExportId = (typeof EXPORTS)[number]['id'];

export function ExportBar() {
  const [state, actions] = useStore();
  const [available, setAvailable] = createSignal<Partial<Record<ExportId, boolean>>>({});
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

  async function download(e: (typeof EXPORTS)[number]): Promise<void> {
    const token = state.session?.token;
    if (!token) return;
    try {
      await downloadFile(url(e.path), token, e.file);
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    }
  }

  const missing = () => EXPORTS.filter((e) => available()[e.id] === false).length;

  return (
    <div class="export-bar" role="group" aria-label="导出">
      <For each={EXPORTS}>
        {(e) => (
          <button
            type="button"
            class="btn btn--light btn--small"
            disabled={available()[e.id] !== true}
            title={available()[e.id] === false ? '服务器尚未提供此导出' : undefined}
            onClick={() => void download(e)}
            data-testid={`export-${e.id}`}
          >
            {e.label}
          </button>
        )}
      </For>
      <Show when={missing() > 0}>
        <span class="export-bar__note" data-testid="export-note">部分导出服务器尚未提供</span>
      </Show>
    </div>
  );
}
