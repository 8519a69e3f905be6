import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { BusyButton } from '../components/forms';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useLoaded } from '../components/use-loaded';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { StatusBadge } from './status-badge';

const POLL_MS = 1000;

/** The caller's households, and creating one (provisioned in the background, polled until ready). */
export function HouseholdsPage() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const { data: households, loadError, reload: load } = useLoaded(api.households);
  const [name, setName] = useState('');
  const create = useAction();
  const resend = useAction();
  const [resent, setResent] = useState(false);

  const provisioning = households?.some((household) => household.status === 'provisioning');
  useEffect(() => {
    if (!provisioning) return;
    const timer = window.setTimeout(() => {
      void load().then(() => refresh().catch(() => null));
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [provisioning, households, load, refresh]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await create.run(async () => {
      await api.createHousehold(name);
      await Promise.all([load(), refresh()]);
    });
    if (ok) setName('');
  };

  return (
    <>
      <PageHeading title={t('households.title')}>{t('households.title')}</PageHeading>
      {me && !me.emailVerified ? (
        <Alert kind="info">
          <p>{t('verify.pending')}</p>
          {resent ? (
            <p>{t('verify.resent')}</p>
          ) : (
            <button
              type="button"
              disabled={resend.busy}
              onClick={() => void resend.run(api.resendVerification).then((ok) => setResent(ok))}
            >
              {t('verify.resend')}
            </button>
          )}
          {resend.error ? <p>{resend.error}</p> : null}
        </Alert>
      ) : null}
      {loadError ? <Alert kind="error">{loadError}</Alert> : null}
      {households === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : households.length === 0 ? (
        <p>{t('households.empty')}</p>
      ) : (
        <ul className="household-list">
          {households.map((household) => (
            <li key={household.id} className="card household-item">
              <div>
                <h2>
                  <Link to={`/households/${encodeURIComponent(household.slug)}`}>
                    {household.name}
                  </Link>
                </h2>
                <p className="muted">
                  {t('households.role', { role: t(`role.${household.role}`) })}
                </p>
              </div>
              <StatusBadge status={household.status} moved={Boolean(household.movedTo)} />
            </li>
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby="create-household">
        <h2 id="create-household">{t('households.create.title')}</h2>
        {create.error ? <Alert kind="error">{create.error}</Alert> : null}
        <form onSubmit={submit} className="inline-form" noValidate>
          <Field
            label={t('households.create.name')}
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <BusyButton type="submit" busy={create.busy} label={t('households.create.submit')} />
        </form>
      </section>
      {me?.isInstanceAdmin ? (
        <section className="card" aria-labelledby="server-admin">
          <h2 id="server-admin">{t('households.admin.title')}</h2>
          <p>{t('households.admin.body')}</p>
          <Link to="/admin/import">{t('households.admin.import')}</Link>
        </section>
      ) : null}
    </>
  );
}
