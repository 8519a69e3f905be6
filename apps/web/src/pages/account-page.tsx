import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import type { AccountSession, Me } from '../api/types';
import {
  BusyButton,
  EmailField,
  ErrorAlert,
  NewPasswordField,
  PasswordField,
} from '../components/forms';
import { Alert, Field, PageHeading, SelectField, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useLoaded } from '../components/use-loaded';
import { LanguageOptions, useI18n, type Language } from '../i18n/i18n';
import { useSession } from '../session';
import { AppPasswords } from './app-passwords-section';

/**
 * The account itself, whatever the household: name and language, email address (the new one
 * takes effect once the link mailed to it is opened), password, where it is signed in, and the
 * app passwords of its devices.
 */
export function AccountPage() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) return <Spinner label={t('app.loading')} />;
  return (
    <>
      <PageHeading title={t('account.title')}>{t('account.title')}</PageHeading>
      <ProfileSection me={me} />
      <EmailSection me={me} />
      <PasswordSection />
      <SessionsSection />
      <AppPasswords />
    </>
  );
}

function ProfileSection({ me }: { me: Me }) {
  const { t, setLanguage } = useI18n();
  const { refresh } = useSession();
  const { busy, error, run } = useAction();
  const [name, setName] = useState(me.displayName);
  const [language, setAccountLanguage] = useState<Language>(me.language);
  const [saved, setSaved] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const done = await run(async () => {
      await api.updateMe({ displayName: name, language });
      await refresh();
    });
    if (!done) return;
    // The page speaks the language the account now has.
    setLanguage(language);
    setSaved(true);
  };

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profile')}</h2>
      {saved ? <Alert kind="success">{t('account.saved')}</Alert> : null}
      <ErrorAlert error={error} />
      <form onSubmit={save} noValidate>
        <Field
          label={t('form.displayName')}
          name="displayName"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label={t('account.language')}
          name="language"
          value={language}
          onChange={(event) => setAccountLanguage(event.target.value as Language)}
        >
          <LanguageOptions />
        </SelectField>
        <BusyButton type="submit" busy={busy} label={t('account.save')} />
      </form>
    </section>
  );
}

function EmailSection({ me }: { me: Me }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const change = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      await api.changeEmail(email, password);
      await refresh();
    });
    if (done) {
      setEmail('');
      setPassword('');
    }
  };

  const cancel = () =>
    void run(async () => {
      await api.cancelEmailChange();
      await refresh();
    });

  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">{t('account.email')}</h2>
      <p>{t('account.emailCurrent', { email: me.email })}</p>
      {me.pendingEmail ? (
        <Alert kind="info">
          <p>{t('account.emailPending', { email: me.pendingEmail })}</p>
          <button type="button" className="link-button" disabled={busy} onClick={cancel}>
            {t('account.emailCancel')}
          </button>
        </Alert>
      ) : null}
      <ErrorAlert error={error} />
      <form onSubmit={change} noValidate>
        <EmailField
          label={t('account.newEmail')}
          name="newEmail"
          value={email}
          onValue={setEmail}
        />
        <PasswordField
          label={t('account.currentPassword')}
          name="emailCurrentPassword"
          value={password}
          onValue={setPassword}
        />
        <BusyButton type="submit" busy={busy} label={t('account.changeEmail')} />
      </form>
    </section>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);

  const change = async (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    if (await run(() => api.changePassword(current, next))) {
      setCurrent('');
      setNext('');
      setChanged(true);
    }
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password')}</h2>
      <p className="muted">{t('account.passwordBody')}</p>
      {changed ? <Alert kind="success">{t('account.passwordChanged')}</Alert> : null}
      <ErrorAlert error={error} />
      <form onSubmit={change} noValidate>
        <PasswordField
          label={t('account.currentPassword')}
          name="currentPassword"
          value={current}
          onValue={setCurrent}
        />
        <NewPasswordField
          label={t('form.newPassword')}
          name="newPassword"
          value={next}
          onValue={setNext}
        />
        <BusyButton type="submit" busy={busy} label={t('account.changePassword')} />
      </form>
    </section>
  );
}

/** A browser or app, in words: its user agent's product, when it says one. */
function clientName(session: AccountSession, unknown: string): string {
  const agent = session.userAgent ?? '';
  const known = /(Firefox|Edg|Chrome|Chromium|Safari|curl|rclone|DAVx5|Thunderbird)[/ ]/.exec(
    agent,
  );
  const platform = /\((?:[^;)]*; )?([^;)]+)/.exec(agent)?.[1];
  if (!known) return unknown;
  const product = known[1] === 'Edg' ? 'Edge' : known[1];
  return platform ? `${product} (${platform.trim()})` : product;
}

function SessionsSection() {
  const { t, formatDateTime } = useI18n();
  const { data: sessions, loadError, reload: load } = useLoaded(api.sessions);
  const [notice, setNotice] = useState<string | null>(null);
  const ending = useAction();

  const end = (session: AccountSession) =>
    void ending.run(async () => {
      setNotice(null);
      try {
        await api.endSession(session.id);
        setNotice(t('account.sessionEnded'));
      } finally {
        await load();
      }
    });

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions')}</h2>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ErrorAlert error={ending.error} />
      <ErrorAlert error={loadError} />
      {sessions === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <ul className="invite-list" data-testid="sessions">
          {sessions.map((session) => {
            const name = session.current
              ? t('account.sessionThis')
              : clientName(session, t('account.sessionUnknown'));
            const since = formatDateTime(session.createdAt);
            return (
              <li key={session.id}>
                <div>
                  <span className="member-name">{name}</span>
                  <span className="muted">
                    {t('account.sessionSince', {
                      date: since,
                      last: formatDateTime(session.lastSeenAt),
                    })}
                    {session.ip ? ` · ${session.ip}` : ''}
                  </span>
                </div>
                {session.current ? null : (
                  <button
                    type="button"
                    className="danger"
                    disabled={ending.busy}
                    aria-label={t('account.endSessionNamed', { name, date: since })}
                    onClick={() => end(session)}
                  >
                    {t('account.endSession')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
