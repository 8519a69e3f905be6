import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { InvitePreview } from '../api/types';
import {
  BusyButton,
  ErrorAlert,
  NarrowCard,
  NewAccountFields,
  NO_ACCOUNT,
} from '../components/forms';
import { Alert, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/** The page of the emailed link `/invite?token=…`: join as the signed-in account, or sign up. */
export function InvitePage() {
  const { t, language, errorText } = useI18n();
  const { me, refresh, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { busy, error, run } = useAction();
  const [account, setAccount] = useState(NO_ACCOUNT);
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    let current = true;
    api
      .previewInvite(token)
      .then((found) => {
        if (!current) return;
        setPreview(found);
        // The invite was sent to this address, and an invited signup must use it.
        setAccount((typed) => (typed.email ? typed : { ...typed, email: found.email }));
      })
      .catch((caught: unknown) => current && setPreviewError(errorText(caught)));
    return () => {
      current = false;
    };
  }, [token, errorText]);

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
      await api.signup({ ...account, inviteToken: token, language });
      const current = await signIn(account.email, account.password);
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
    <NarrowCard title={t('invite.title')}>
      {!token ? (
        <Alert kind="error">{t('invite.missing')}</Alert>
      ) : me === undefined ? (
        <Spinner label={t('app.loading')} />
      ) : (
        <>
          {preview ? (
            <p data-testid="invite-details">
              {t('invite.details', {
                inviter: preview.inviterName ?? t('invite.someone'),
                household: preview.householdName,
                role: t(`role.${preview.role}`).toLowerCase(),
              })}
            </p>
          ) : (
            <p>{t('invite.body')}</p>
          )}
          <ErrorAlert error={previewError} />
          <ErrorAlert error={error} />
          {me ? (
            <>
              <p>{t('invite.signedInAs', { email: me.email })}</p>
              <BusyButton
                type="button"
                busy={busy}
                label={t('invite.accept')}
                onClick={() => void accept()}
              />
            </>
          ) : (
            <>
              <h2>{t('invite.create')}</h2>
              <form onSubmit={signUp} noValidate>
                <NewAccountFields account={account} onChange={setAccount} />
                <BusyButton type="submit" busy={busy} label={t('signUp.submit')} />
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
    </NarrowCard>
  );
}
