import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/** The page of the emailed link `/invite?token=…`: join as the signed-in account, or sign up. */
export function InvitePage() {
  const { t } = useI18n();
  const { me, refresh, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');

  const accept = () =>
    run(async () => {
      if (!token) return;
      const joined = await api.acceptInvite(token);
      await refresh();
      void navigate(`/households/${encodeURIComponent(joined.slug)}`, {
        replace: true,
        state: { joined: joined.name },
      });
    });

  const signUp = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      if (!token) return;
      // The account is created verified and the invite redeemed with it, or neither.
      await api.signup({ email, password, displayName, inviteToken: token });
      const current = await signIn(email, password);
      let joined = current?.memberships[0];
      if (!joined) {
        // Where anyone may sign up, an unusable invite does not stop the account: say why.
        const accepted = await api.acceptInvite(token);
        await refresh();
        joined = { ...accepted, householdId: accepted.householdId };
      }
      void navigate(`/households/${encodeURIComponent(joined.slug)}`, {
        replace: true,
        state: { joined: joined.name },
      });
    });
  };

  const next = `/invite?token=${encodeURIComponent(token ?? '')}`;

  return (
    <section className="card narrow">
      <PageHeading title={t('invite.title')}>{t('invite.title')}</PageHeading>
      {!token ? (
        <Alert kind="error">{t('invite.missing')}</Alert>
      ) : me === undefined ? (
        <Spinner label={t('app.loading')} />
      ) : (
        <>
          <p>{t('invite.body')}</p>
          {error ? <Alert kind="error">{error}</Alert> : null}
          {me ? (
            <>
              <p>{t('invite.signedInAs', { email: me.email })}</p>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void accept()}
              >
                {busy ? t('form.working') : t('invite.accept')}
              </button>
            </>
          ) : (
            <>
              <h2>{t('invite.create')}</h2>
              <form onSubmit={signUp} noValidate>
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
                <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>
                  {t('invite.signInInstead')}
                </Link>
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}
