/**
 * Join page: enter a join code, or arrive through a venue's link (/join/CODE, ?code=CODE),
 * which joins at once. Then the user lands on their role's page. Organisers go to their login.
 */
import { Show, createSignal, onMount } from 'solid-js';
import { joinWithCode } from '../api/join.ts';
import { userMessage } from '../api/errors.ts';
import { navigate } from '../router/router.ts';
import { homePath } from '../session.ts';
import { rememberVenueCode } from '../venue-renewal.ts';
import { useStore } from '../store/index.tsx';
import { BrandMark } from '../components/BrandMark.tsx';

export function JoinPage(props: { code: string | null }) {
  const [state, actions] = useStore();
  const [code, setCode] = createSignal(props.code ?? '');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function join(raw: string): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      const session = await joinWithCode(raw);
      // A venue keeps its code: its inbox re-joins with it when the token runs out (venue-renewal.ts).
      rememberVenueCode(session.role === 'venue' ? raw.trim() : null);
      actions.setSession(session);
      navigate(homePath(session.role), { replace: true });
    } catch (e) {
      const message = userMessage(e);
      setError(message);
      actions.toast(message, 'error');
    } finally {
      setBusy(false);
    }
  }

  onMount(() => {
    if (props.code) void join(props.code);
    else if (state.session) navigate(homePath(state.session.role), { replace: true });
  });

  return (
    <div class="join-page" data-testid="join-page">
      <header class="join-page__band">
        <BrandMark />
        <div class="join-page__titles">
          <div class="join-page__product">落实 · 会议要求实时落实系统</div>
          <div class="join-page__sub">部署会 · 推进会 · 电视电话会议</div>
        </div>
      </header>
      <div class="join-page__cards">
      <main class="join-card">
        <h1 class="join-card__title">加入会议</h1>
        <p class="join-card__hint">请输入会议通知中的加入码。主会场、记录席和各分会场的加入码各不相同。</p>
        <form
          class="join-card__form"
          onSubmit={(e) => {
            e.preventDefault();
            void join(code());
          }}
        >
          <label class="field-label" for="join-code">加入码</label>
          <input
            id="join-code"
            class="join-card__input"
            data-testid="join-code"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            placeholder="20 位加入码，或打开会议链接"
            aria-invalid={error() !== null}
            aria-describedby="join-error"
            autofocus
          />
          <div id="join-error" class="join-card__error" role="alert">
            <Show when={error()}>{(message) => message()}</Show>
          </div>
          <button class="btn btn--primary btn--large" type="submit" disabled={busy() || code().trim() === ''} data-testid="join-submit">
            {busy() ? '正在加入…' : '加入会议'}
          </button>
        </form>
        <ul class="join-card__roles">
          <li><strong>主会场</strong>会议设置、讲话采集、要求形成与落实看板</li>
          <li><strong>分会场</strong>会议室大屏：实时要求、字幕、收到与传达确认</li>
          <li><strong>记录席</strong>校对转写与要求、审核发布、导出纪要</li>
        </ul>
      </main>
      <section class="create-card" aria-labelledby="organiser-title">
        <h2 class="create-card__title" id="organiser-title">主办单位</h2>
        <p class="join-card__hint">会议由主办单位登录后创建。登录后可新建会议、查看本单位全部会议、检索会议记录，并直接进入主会场或记录席。</p>
        <a class="btn btn--ghost create-card__submit" href="/login" data-testid="to-login" onClick={(e) => { e.preventDefault(); navigate(state.organiser ? '/meetings' : '/login'); }}>
          {state.organiser ? '进入会议档案' : '主办单位登录'}
        </a>
      </section>
      </div>
      <footer class="join-page__footer">语音在本地识别，不经过任何云服务</footer>
    </div>
  );
}
