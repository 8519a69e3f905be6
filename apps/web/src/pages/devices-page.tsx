import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import type { AppPassword, AppPasswordCreated } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { Dialog } from '../components/dialog';
import { BusyButton, ErrorAlert } from '../components/forms';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../session';
import { useHousehold } from './household-layout';

/** The addresses a phone or computer syncs with, each a WebDAV family protocol. */
function davAddresses(origin: string, slug: string): { label: MessageKey; url: string }[] {
  return [
    { label: 'devices.files', url: `${origin}/dav/files/${encodeURIComponent(slug)}/` },
    { label: 'devices.contacts', url: `${origin}/.well-known/carddav` },
    { label: 'devices.calendars', url: `${origin}/.well-known/caldav` },
  ];
}

/** "Connect your devices": the DAV addresses of the household, and app passwords to use with them. */
export function DevicesPage() {
  const { t } = useI18n();
  const { household } = useHousehold();
  const { me } = useSession();
  return (
    <>
      <PageHeading title={`${t('devices.title')} · ${household.name}`}>
        {t('devices.title')}
      </PageHeading>
      <p>{t('devices.intro')}</p>
      <section className="card" aria-labelledby="addresses-title">
        <h2 id="addresses-title">{t('devices.addresses')}</h2>
        <dl className="addresses">
          {davAddresses(window.location.origin, household.slug).map((address) => (
            <div key={address.label}>
              <dt>{t(address.label)}</dt>
              <dd>
                <code>{address.url}</code>
                <CopyButton
                  text={address.url}
                  label={t('devices.copyNamed', { what: t(address.label) })}
                />
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('devices.username')}</dt>
            <dd>
              <code>{me?.email}</code>
            </dd>
          </div>
        </dl>
        <p className="hint">{t('devices.passwordHint')}</p>
      </section>
      <AppPasswords />
    </>
  );
}

function AppPasswords() {
  const { t, errorText, formatDate } = useI18n();
  const [passwords, setPasswords] = useState<AppPassword[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<AppPasswordCreated | null>(null);
  const [revoking, setRevoking] = useState<AppPassword | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const creation = useAction();
  const revocation = useAction();

  const load = useCallback(async () => {
    try {
      setPasswords(await api.appPasswords());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    await creation.run(async () => {
      setCreated(await api.createAppPassword(label));
      setLabel('');
      await load();
    });
  };

  const revoke = (password: AppPassword) =>
    void revocation.run(async () => {
      try {
        await api.revokeAppPassword(password.id);
      } finally {
        // Gone or not, the list shows what is left.
        await load();
      }
      setRevoking(null);
      if (created?.id === password.id) setCreated(null);
      setNotice(t('devices.revoked', { label: password.label }));
    });

  return (
    <section className="card" aria-labelledby="app-passwords-title">
      <h2 id="app-passwords-title">{t('devices.appPasswords')}</h2>
      <p className="muted">{t('devices.appPasswordsBody')}</p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {created ? (
        <Alert kind="success">
          <p>{t('devices.created', { label: created.label })}</p>
          <p className="secret">
            <code data-testid="new-app-password">{created.password}</code>
            <CopyButton text={created.password} label={t('devices.copyPassword')} />
          </p>
          <p>{t('devices.shownOnce')}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={creation.error} />
      <form onSubmit={create} className="inline-form" noValidate>
        <Field
          label={t('devices.label')}
          hint={t('devices.labelHint')}
          name="appPasswordLabel"
          required
          maxLength={100}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
        />
        <BusyButton type="submit" busy={creation.busy} label={t('devices.create')} />
      </form>

      <ErrorAlert error={loadError} />
      {passwords === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : passwords.length === 0 ? (
        <p className="muted">{t('devices.none')}</p>
      ) : (
        <ul className="invite-list">
          {passwords.map((password) => (
            <li key={password.id}>
              <div>
                <span className="member-name">{password.label}</span>
                <span className="muted">
                  {t('devices.createdOn', { date: formatDate(password.createdAt) })} ·{' '}
                  {password.lastUsedAt
                    ? t('devices.lastUsed', { date: formatDate(password.lastUsedAt) })
                    : t('devices.neverUsed')}
                </span>
              </div>
              <button
                type="button"
                className="danger"
                aria-label={t('devices.revokeNamed', { label: password.label })}
                onClick={() => {
                  revocation.setError(null);
                  setRevoking(password);
                }}
              >
                {t('devices.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoking ? (
        <Dialog
          title={t('devices.revokeTitle', { label: revoking.label })}
          submitLabel={t('devices.revoke')}
          danger
          busy={revocation.busy}
          error={revocation.error}
          onSubmit={() => revoke(revoking)}
          onClose={() => setRevoking(null)}
        >
          <p>{t('devices.revokeBody')}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
