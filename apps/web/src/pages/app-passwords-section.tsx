import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import type { AppPassword, AppPasswordCreated } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { Dialog } from '../components/dialog';
import { BusyButton, ErrorAlert } from '../components/forms';
import { Alert, Field, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useLoaded } from '../components/use-loaded';
import { useI18n } from '../i18n/i18n';

/**
 * The account's app passwords (one per device, each revocable on its own), on the Devices page of
 * every household and on the account page: they belong to the account, not to a household.
 */
export function AppPasswords() {
  const { t, formatDate } = useI18n();
  const { data: passwords, loadError, reload: load } = useLoaded(api.appPasswords);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<AppPasswordCreated | null>(null);
  const [revoking, setRevoking] = useState<AppPassword | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const creation = useAction();
  const revocation = useAction();

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
