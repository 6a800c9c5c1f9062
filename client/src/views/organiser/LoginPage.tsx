/**
 * 主办单位登录: the organiser (the issuing department) logs in with its account and lands on
 * its meeting list. Venues and secretaries with a code use the join page instead.
 */
import { Show, createSignal, onMount } from 'solid-js';
import { userMessage } from '../../api/errors.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { navigate } from '../../router/router.ts';
import { useStore } from '../../store/index.tsx';

export function LoginPage() {
  const [state, actions] = useStore();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  onMount(() => {
    if (state.organiser) navigate('/meetings', { replace: true });
  });

  async function submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      await actions.organiser.signIn(username().trim(), password());
      setPassword('');
      navigate('/meetings', { replace: true });
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="join-page" data-testid="login-page">
      <header class="join-page__band">
        <BrandMark />
        <div class="join-page__titles">
          <div class="join-page__product">落实 · 会议要求实时落实系统</div>
          <div class="join-page__sub">主办单位登录</div>
        </div>
      </header>
      <div class="join-page__cards">
        <main class="join-card">
          <h1 class="join-card__title">主办单位登录</h1>
          <p class="join-card__hint">使用本单位账号登录，新建会议、查看会议档案、检索会议记录。</p>
          <form class="join-card__form" onSubmit={(e) => void submit(e)}>
            <label class="field-label" for="login-username">用户名</label>
            <input id="login-username" class="input" data-testid="login-username" autocomplete="username" value={username()} onInput={(e) => setUsername(e.currentTarget.value)} required autofocus />
            <label class="field-label" for="login-password">密码</label>
            <input id="login-password" class="input" type="password" data-testid="login-password" autocomplete="current-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} required />
            <div id="login-error" class="join-card__error" role="alert" data-testid="login-error">
              <Show when={error()}>{(message) => message()}</Show>
            </div>
            <button class="btn btn--primary btn--large" type="submit" data-testid="login-submit" disabled={busy() || !username().trim() || !password()}>
              {busy() ? '正在登录…' : '登录'}
            </button>
          </form>
          <p class="join-card__hint login-page__join"><a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>有加入码？加入会议</a></p>
        </main>
      </div>
      <footer class="join-page__footer">首次启动时的管理员账号见服务器启动日志</footer>
    </div>
  );
}
