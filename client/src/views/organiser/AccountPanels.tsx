/**
 * Account dialogs of the archive page: 修改密码 (any organiser) and 单位账号 (administrators:
 * add department accounts, disable/enable them, reset a password).
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { MIN_PASSWORD_LENGTH, type OrganiserAccount } from '../../../../shared/protocol/index.ts';
import { changePassword, createOrganiser, listOrganisers, updateOrganiser } from '../../api/organiser.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';

export function PasswordPanel(props: { onClose: () => void }) {
  const [, actions] = useStore();
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const problem = () => (next().length > 0 && next().length < MIN_PASSWORD_LENGTH ? `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符` : repeat() && repeat() !== next() ? '两次输入的新密码不一致' : null);

  async function submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (problem() || !current() || !next()) return;
    setBusy(true);
    try {
      await actions.organiser.call((token) => changePassword(token, current(), next()));
      actions.toast('密码已修改，其他设备上的登录已退出', 'success');
      props.onClose();
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel archive-side" aria-labelledby="pw-title">
      <h2 class="panel__title" id="pw-title">修改密码<button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>关闭</button></h2>
      <form onSubmit={(e) => void submit(e)}>
        <label class="field-label" for="pw-current">当前密码</label>
        <input id="pw-current" class="input" type="password" autocomplete="current-password" value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} required />
        <label class="field-label" for="pw-next">新密码</label>
        <input id="pw-next" class="input" type="password" autocomplete="new-password" value={next()} onInput={(e) => setNext(e.currentTarget.value)} required />
        <label class="field-label" for="pw-repeat">再次输入新密码</label>
        <input id="pw-repeat" class="input" type="password" autocomplete="new-password" value={repeat()} onInput={(e) => setRepeat(e.currentTarget.value)} required />
        <Show when={problem()}>{(p) => <p class="error-text">{p()}</p>}</Show>
        <div class="row-actions"><button type="submit" class="btn btn--primary" disabled={busy() || problem() !== null}>保存新密码</button></div>
      </form>
    </section>
  );
}

export function AccountsPanel(props: { onClose: () => void }) {
  const [state, actions] = useStore();
  const [accounts, { refetch }] = createResource(() => actions.organiser.call(listOrganisers).catch((error: unknown) => {
    actions.toast(userMessage(error), 'error');
    return [] as OrganiserAccount[];
  }));
  const [username, setUsername] = createSignal('');
  const [displayName, setDisplayName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function run(label: string, work: (token: string) => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    try {
      await actions.organiser.call(work);
      actions.toast(label, 'success');
      void refetch();
      return true;
    } catch (error) {
      actions.toast(userMessage(error), 'error');
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const ok = await run('账号已添加', (token) => createOrganiser(token, { username: username().trim(), displayName: displayName().trim(), password: password() }));
    if (ok) {
      setUsername('');
      setDisplayName('');
      setPassword('');
    }
  }

  function reset(a: OrganiserAccount): void {
    const pw = window.prompt(`为“${a.displayName}”设置新密码（至少 ${MIN_PASSWORD_LENGTH} 个字符）：`);
    if (pw) void run('密码已重置，该账号需重新登录', (token) => updateOrganiser(token, a.id, { password: pw }));
  }

  return (
    <section class="panel archive-side" aria-labelledby="accounts-title" data-testid="accounts-panel">
      <h2 class="panel__title" id="accounts-title">单位账号<button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>关闭</button></h2>
      <table class="archive-table archive-table--compact">
        <thead><tr><th>单位</th><th>用户名</th><th>权限</th><th>状态</th><th /></tr></thead>
        <tbody>
          <For each={accounts() ?? []}>
            {(a) => (
              <tr>
                <td>{a.displayName}</td>
                <td>{a.username}</td>
                <td>{a.isAdmin ? '管理员' : '主办单位'}</td>
                <td>{a.disabledAt ? '已停用' : '正常'}</td>
                <td class="archive-table__actions">
                  <button type="button" class="btn btn--ghost btn--small" disabled={busy()} onClick={() => reset(a)}>重置密码</button>
                  <Show when={a.id !== state.organiser?.organiser.id}>
                    <button type="button" class="btn btn--ghost btn--small" disabled={busy()} onClick={() => void run(a.disabledAt ? '账号已启用' : '账号已停用', (token) => updateOrganiser(token, a.id, { disabled: !a.disabledAt }))}>
                      {a.disabledAt ? '启用' : '停用'}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <form class="accounts-add" onSubmit={(e) => void add(e)}>
        <h3 class="accounts-add__title">添加单位账号</h3>
        <label class="field-label" for="acc-name">单位名称</label>
        <input id="acc-name" class="input" value={displayName()} onInput={(e) => setDisplayName(e.currentTarget.value)} required maxLength={100} placeholder="如 市公安局交警支队" />
        <label class="field-label" for="acc-user">用户名</label>
        <input id="acc-user" class="input" value={username()} onInput={(e) => setUsername(e.currentTarget.value)} required maxLength={32} placeholder="字母、数字、. _ -" />
        <label class="field-label" for="acc-pw">初始密码</label>
        <input id="acc-pw" class="input" type="password" autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} required minLength={MIN_PASSWORD_LENGTH} />
        <div class="row-actions"><button type="submit" class="btn btn--primary" disabled={busy()}>添加</button></div>
      </form>
    </section>
  );
}
