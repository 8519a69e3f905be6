import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../session';

const NOTICES: Record<string, MessageKey> = {
  'signed-out': 'signIn.signedOut',
  'password-changed': 'signIn.passwordChanged',
  verified: 'signIn.verified',
};

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/households';
}

export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const notice = NOTICES[params.get('notice') ?? ''];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => signIn(email, password))) {
      void navigate(safeNext(params.get('next')), { replace: true });
    }
  };

  return (
    <section className="card narrow">
      <PageHeading title={t('signIn.title')}>{t('signIn.title')}</PageHeading>
      {notice ? <Alert kind="success">{t(notice)}</Alert> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('form.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label={t('form.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('form.working') : t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      </p>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('nav.signUp')}</Link>
      </p>
    </section>
  );
}

export function SignUpPage() {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api.signup({ email, password, displayName }))) setDone(true);
  };

  if (done) {
    return (
      <section className="card narrow">
        <PageHeading title={t('signUp.checkInbox.title')}>
          {t('signUp.checkInbox.title')}
        </PageHeading>
        <Alert kind="success">{t('signUp.checkInbox.body', { email })}</Alert>
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card narrow">
      <PageHeading title={t('signUp.title')}>{t('signUp.title')}</PageHeading>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('form.displayName')}
          name="displayName"
          autoComplete="name"
          required
          maxLength={100}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <Field
          label={t('form.email')}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label={t('form.password')}
          hint={t('form.passwordHint')}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('form.working') : t('signUp.submit')}
        </button>
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </section>
  );
}

/** The page of the emailed link `/verify-email?token=…`. */
export function VerifyEmailPage() {
  const { t, errorText } = useI18n();
  const { me, refresh } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | { error: string }>('working');
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    api
      .verifyEmail(token)
      .then(async () => {
        await refresh().catch(() => null);
        setState('done');
      })
      .catch((error: unknown) => setState({ error: errorText(error) }));
  }, [token, refresh, errorText]);

  return (
    <section className="card narrow">
      <PageHeading title={t('verify.title')}>{t('verify.title')}</PageHeading>
      {!token ? (
        <Alert kind="error">{t('verify.missing')}</Alert>
      ) : state === 'working' ? (
        <Spinner label={t('verify.working')} />
      ) : state === 'done' ? (
        <>
          <Alert kind="success">{t('verify.done')}</Alert>
          <p>
            <Link className="button primary" to={me ? '/households' : '/sign-in?notice=verified'}>
              {t('verify.continue')}
            </Link>
          </p>
        </>
      ) : (
        <Alert kind="error">{state.error}</Alert>
      )}
    </section>
  );
}

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api.requestPasswordReset(email))) setSent(true);
  };

  return (
    <section className="card narrow">
      <PageHeading title={t('forgot.title')}>{t('forgot.title')}</PageHeading>
      {sent ? (
        <Alert kind="success">{t('forgot.sent', { email })}</Alert>
      ) : (
        <>
          <p>{t('forgot.body')}</p>
          {error ? <Alert kind="error">{error}</Alert> : null}
          <form onSubmit={submit} noValidate>
            <Field
              label={t('form.email')}
              type="email"
              name="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('form.working') : t('forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/sign-in">{t('forgot.back')}</Link>
      </p>
    </section>
  );
}

/** The page of the emailed link `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { forget } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { busy, error, run } = useAction();
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    if (await run(() => api.confirmPasswordReset(token, password))) {
      // The server signed out every session of the account.
      forget();
      void navigate('/sign-in?notice=password-changed', { replace: true });
    }
  };

  return (
    <section className="card narrow">
      <PageHeading title={t('reset.title')}>{t('reset.title')}</PageHeading>
      {!token ? (
        <Alert kind="error">{t('reset.missing')}</Alert>
      ) : (
        <>
          {error ? <Alert kind="error">{error}</Alert> : null}
          <form onSubmit={submit} noValidate>
            <Field
              label={t('form.newPassword')}
              hint={t('form.passwordHint')}
              type="password"
              name="password"
              autoComplete="new-password"
              required
              minLength={10}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('form.working') : t('reset.submit')}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/forgot-password">{t('reset.again')}</Link>
      </p>
    </section>
  );
}
