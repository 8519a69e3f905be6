import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import {
  BusyButton,
  EmailField,
  ErrorAlert,
  NarrowCard,
  NewAccountFields,
  NewPasswordField,
  NO_ACCOUNT,
  PasswordField,
} from '../components/forms';
import { Alert, Spinner } from '../components/ui';
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
    <NarrowCard title={t('signIn.title')}>
      {notice ? <Alert kind="success">{t(notice)}</Alert> : null}
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <EmailField autoComplete="username" value={email} onValue={setEmail} />
        <PasswordField value={password} onValue={setPassword} />
        <BusyButton type="submit" busy={busy} label={t('signIn.submit')} />
      </form>
      <p>
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      </p>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('nav.signUp')}</Link>
      </p>
    </NarrowCard>
  );
}

export function SignUpPage() {
  const { t, language } = useI18n();
  const { signIn } = useSession();
  const { busy, error, run } = useAction();
  const [account, setAccount] = useState(NO_ACCOUNT);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const created = await api.signup({ ...account, language });
      // Verified already (the first account of a server without mail): no mail was sent, so
      // there is no inbox to check; the account is ready, and signing in opens it.
      if (created.emailVerified) await signIn(account.email, account.password);
      else setDone(true);
    });
  };

  if (done) {
    return (
      <NarrowCard title={t('signUp.checkInbox.title')}>
        <Alert kind="success">{t('signUp.checkInbox.body', { email: account.email })}</Alert>
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </NarrowCard>
    );
  }

  return (
    <NarrowCard title={t('signUp.title')}>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <NewAccountFields account={account} onChange={setAccount} />
        <BusyButton type="submit" busy={busy} label={t('signUp.submit')} />
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </NarrowCard>
  );
}

/** What a page of an emailed link (`?token=…`) does with its token, and says. */
interface EmailLink {
  title: MessageKey;
  working: MessageKey;
  done: MessageKey;
  use(token: string): Promise<void>;
  /** Where "Continue" leads, signed in or not. */
  next(signedIn: boolean): string;
}

/** Uses the link's token once, on arrival, then says how it went. */
function EmailLinkPage({ link }: { link: EmailLink }) {
  const { t, errorText } = useI18n();
  const { me, refresh } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | { error: string }>('working');
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    link
      .use(token)
      .then(async () => {
        await refresh().catch(() => null);
        setState('done');
      })
      .catch((error: unknown) => setState({ error: errorText(error) }));
  }, [token, link, refresh, errorText]);

  return (
    <NarrowCard title={t(link.title)}>
      {!token ? (
        <Alert kind="error">{t('verify.missing')}</Alert>
      ) : state === 'working' ? (
        <Spinner label={t(link.working)} />
      ) : state === 'done' ? (
        <>
          <Alert kind="success">{t(link.done)}</Alert>
          <p>
            <Link className="button primary" to={link.next(Boolean(me))}>
              {t('verify.continue')}
            </Link>
          </p>
        </>
      ) : (
        <Alert kind="error">{state.error}</Alert>
      )}
    </NarrowCard>
  );
}

const VERIFY_EMAIL: EmailLink = {
  title: 'verify.title',
  working: 'verify.working',
  done: 'verify.done',
  use: (token) => api.verifyEmail(token),
  next: (signedIn) => (signedIn ? '/households' : '/sign-in?notice=verified'),
};

const CONFIRM_EMAIL: EmailLink = {
  title: 'confirmEmail.title',
  working: 'confirmEmail.working',
  done: 'confirmEmail.done',
  use: (token) => api.confirmEmail(token),
  next: (signedIn) => (signedIn ? '/account' : '/sign-in'),
};

/** The page of the emailed link `/verify-email?token=…`. */
export function VerifyEmailPage() {
  return <EmailLinkPage link={VERIFY_EMAIL} />;
}

/** The page of the link mailed to a new address, `/confirm-email?token=…`. */
export function ConfirmEmailPage() {
  return <EmailLinkPage link={CONFIRM_EMAIL} />;
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
    <NarrowCard title={t('forgot.title')}>
      {sent ? (
        <Alert kind="success">{t('forgot.sent', { email })}</Alert>
      ) : (
        <>
          <p>{t('forgot.body')}</p>
          <ErrorAlert error={error} />
          <form onSubmit={submit} noValidate>
            <EmailField value={email} onValue={setEmail} />
            <BusyButton type="submit" busy={busy} label={t('forgot.submit')} />
          </form>
        </>
      )}
      <p>
        <Link to="/sign-in">{t('forgot.back')}</Link>
      </p>
    </NarrowCard>
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
    <NarrowCard title={t('reset.title')}>
      {!token ? (
        <Alert kind="error">{t('reset.missing')}</Alert>
      ) : (
        <>
          <ErrorAlert error={error} />
          <form onSubmit={submit} noValidate>
            <NewPasswordField
              label={t('form.newPassword')}
              value={password}
              onValue={setPassword}
            />
            <BusyButton type="submit" busy={busy} label={t('reset.submit')} />
          </form>
        </>
      )}
      <p>
        <Link to="/forgot-password">{t('reset.again')}</Link>
      </p>
    </NarrowCard>
  );
}
