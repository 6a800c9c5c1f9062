/**
 * App shell: the store provider, the page for the current route, and the toast stack.
 * A page that needs a session of another role sends the user to their own page, or to join;
 * the organiser's pages (login, meeting list) need the organiser's login instead.
 */
import { Match, Show, Switch, createEffect, type JSX } from 'solid-js';
import { Toasts } from './components/Toasts.tsx';
import { ReconnectBanner } from './components/ConnectionBadge.tsx';
import { currentRoute, navigate } from './router/router.ts';
import { homePath } from './session.ts';
import { rememberedVenueCode } from './venue-renewal.ts';
import { StoreProvider, useStore } from './store/index.tsx';
import { JoinPage } from './views/JoinPage.tsx';
import { HostConsole } from './views/host/HostConsole.tsx';
import { VenueScreen } from './views/venue/VenueScreen.tsx';
import { SecretaryDesk } from './views/secretary/SecretaryDesk.tsx';
import { LoginPage } from './views/organiser/LoginPage.tsx';
import { MeetingsPage } from './views/organiser/MeetingsPage.tsx';
import { FollowupBoard } from './views/followup/FollowupBoard.tsx';
import { SupervisionPage } from './views/followup/SupervisionPage.tsx';
import type { Role } from '../../shared/protocol/index.ts';

function Guard(props: { role: Role; children: JSX.Element }) {
  const [state] = useStore();
  createEffect(() => {
    const session = state.session;
    // A venue whose token ran out while the tab was closed joins again with the code it remembered.
    const code = props.role === 'venue' ? rememberedVenueCode() : null;
    if (!session) navigate(code ? `/join/${encodeURIComponent(code)}` : '/', { replace: true });
    else if (session.role !== props.role) navigate(homePath(session.role), { replace: true });
  });
  return <Show when={state.session?.role === props.role}>{props.children}</Show>;
}

function Pages() {
  const route = () => currentRoute();
  return (
    <Switch>
      <Match when={route().page === 'host'}>
        <Guard role="host">
          <HostConsole />
        </Guard>
      </Match>
      <Match when={route().page === 'venue'}>
        <Guard role="venue">
          <VenueScreen />
        </Guard>
      </Match>
      <Match when={route().page === 'secretary'}>
        <Guard role="secretary">
          <SecretaryDesk focus={(() => { const r = route(); return r.page === 'secretary' ? r.focus : null; })()} />
        </Guard>
      </Match>
      <Match when={route().page === 'login'}>
        <LoginPage />
      </Match>
      <Match when={route().page === 'meetings'}>
        <MeetingsPage />
      </Match>
      <Match when={route().page === 'followup'}>
        <Guard role="secretary">
          <FollowupBoard />
        </Guard>
      </Match>
      <Match when={route().page === 'supervision'}>
        <SupervisionPage />
      </Match>
      <Match when={route().page === 'join'}>
        <JoinPage code={(() => { const r = route(); return r.page === 'join' ? r.code : null; })()} />
      </Match>
    </Switch>
  );
}

export function App() {
  return (
    <StoreProvider>
      <ReconnectBanner />
      <Pages />
      <Toasts />
    </StoreProvider>
  );
}
