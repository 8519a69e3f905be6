import type { ReactNode } from 'react';
import {
  BrowserRouter,
  Link,
  Navigate,
  NavLink,
  Route,
  Routes,
  useLocation,
  useMatch,
  useNavigate,
  useSearchParams,
} from 'react-router';
import { api } from './api/client';
import { Spinner } from './components/ui';
import { LanguageOptions, useI18n, type Language } from './i18n/i18n';
import {
  safeNext,
  ConfirmEmailPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
  VerifyEmailPage,
} from './pages/auth-pages';
import { AccountPage } from './pages/account-page';
import { HouseholdLayout } from './pages/household-layout';
import { HouseholdOverview } from './pages/household-overview';
import { BillingPage } from './pages/billing/billing-page';
import { CalendarPage } from './pages/calendar/calendar-page';
import { ContactsPage } from './pages/contacts-page';
import { DevicesPage } from './pages/devices-page';
import { ExportPage } from './pages/export-page';
import { FilesPage } from './pages/files/files-page';
import { TrashPage } from './pages/files/trash-page';
import { HouseholdsPage } from './pages/households-page';
import { ImportPage } from './pages/import-page';
import { InvitePage } from './pages/invite-page';
import { MembersPage } from './pages/members-page';
import { SettingsPage } from './pages/settings-page';
import { WhoCalledPage } from './pages/who-called-page';
import { useSession } from './session';

/** Pages for signed-in people only; the others are sent to sign in, and come back after. */
function RequireAccount({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (me === undefined) return <Spinner label={t('app.loading')} />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Sign-in and sign-up lead signed-in people to their households instead. */
function GuestOnly({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const { t } = useI18n();
  const [params] = useSearchParams();
  if (me === undefined) return <Spinner label={t('app.loading')} />;
  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;
  return <>{children}</>;
}

function HouseholdSwitcher() {
  const { me } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const match = useMatch('/households/:slug/*');
  if (!me || me.memberships.length === 0) return null;
  const current = match?.params.slug ?? '';
  return (
    <div className="switcher">
      <label htmlFor="household-switcher">{t('nav.switcher')}</label>
      <select
        id="household-switcher"
        value={me.memberships.some((m) => m.slug === current) ? current : ''}
        onChange={(event) => {
          if (event.target.value)
            void navigate(`/households/${encodeURIComponent(event.target.value)}`);
        }}
      >
        <option value="">{t('nav.households')}</option>
        {me.memberships.map((membership) => (
          <option key={membership.householdId} value={membership.slug}>
            {membership.movedTo ? `${membership.name} (${t('household.moved')})` : membership.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Header() {
  const { me, signOut, refresh } = useSession();
  const { t, language, setLanguage } = useI18n();
  const chooseLanguage = (next: Language) => {
    setLanguage(next);
    // Signed in, the account's mails follow the language chosen here.
    if (me && me.language !== next) {
      void api
        .updateMe({ language: next })
        .then(() => refresh())
        .catch(() => undefined);
    }
  };
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to={me ? '/households' : '/'} className="brand">
          <span aria-hidden="true" className="brand-mark">
            ⌂
          </span>
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} className="main-nav">
          <ul>
            {me ? (
              <>
                <li>
                  <NavLink to="/households" end>
                    {t('nav.households')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/account">{t('nav.account')}</NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      // A fresh page load: nothing of the account stays in memory.
                      void signOut().then(() =>
                        window.location.assign('/sign-in?notice=signed-out'),
                      )
                    }
                  >
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : me === null ? (
              <>
                <li>
                  <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        <div className="header-tools">
          <HouseholdSwitcher />
          <div className="language">
            <label htmlFor="language">{t('app.language')}</label>
            <select
              id="language"
              value={language}
              onChange={(event) => chooseLanguage(event.target.value as Language)}
            >
              <LanguageOptions />
            </select>
          </div>
        </div>
      </div>
    </header>
  );
}

function Home() {
  const { me } = useSession();
  const { t } = useI18n();
  if (me === undefined) return <Spinner label={t('app.loading')} />;
  return <Navigate to={me ? '/households' : '/sign-in'} replace />;
}

export function App() {
  const { t } = useI18n();
  return (
    <BrowserRouter>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <main id="main" className="content">
        <Routes>
          <Route path="/" element={<Home />} />
          <Route
            path="/sign-in"
            element={
              <GuestOnly>
                <SignInPage />
              </GuestOnly>
            }
          />
          <Route
            path="/sign-up"
            element={
              <GuestOnly>
                <SignUpPage />
              </GuestOnly>
            }
          />
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/confirm-email" element={<ConfirmEmailPage />} />
          <Route
            path="/account"
            element={
              <RequireAccount>
                <AccountPage />
              </RequireAccount>
            }
          />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/invite" element={<InvitePage />} />
          <Route
            path="/households"
            element={
              <RequireAccount>
                <HouseholdsPage />
              </RequireAccount>
            }
          />
          <Route
            path="/admin/import"
            element={
              <RequireAccount>
                <ImportPage />
              </RequireAccount>
            }
          />
          <Route
            path="/households/:slug"
            element={
              <RequireAccount>
                <HouseholdLayout />
              </RequireAccount>
            }
          >
            <Route index element={<HouseholdOverview />} />
            <Route path="files" element={<FilesPage />} />
            <Route path="files/trash" element={<TrashPage />} />
            <Route path="contacts" element={<ContactsPage />} />
            <Route path="calendar" element={<CalendarPage />} />
            <Route path="calls" element={<WhoCalledPage />} />
            <Route path="devices" element={<DevicesPage />} />
            <Route path="export" element={<ExportPage />} />
            <Route path="members" element={<MembersPage />} />
            <Route path="billing" element={<BillingPage />} />
            <Route path="settings" element={<SettingsPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
      <footer className="site-footer">
        <p>{t('app.tagline')}</p>
      </footer>
    </BrowserRouter>
  );
}
