import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { Alert, Field, PageHeading } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useHousehold } from './household-layout';

/** Rename, change the address, delete (with its grace period) and cancel the deletion. */
export function SettingsPage() {
  const { t, formatDate } = useI18n();
  const { household, readOnly, setHousehold, reload } = useHousehold();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const isOwner = household.role === 'owner';
  // A moved household keeps only its deletion: owners may still end it here.
  const canEdit = !readOnly && (isOwner || household.role === 'admin');
  const pending = household.status === 'pending_deletion';
  const [name, setName] = useState(household.name);
  const [slug, setSlug] = useState(household.slug);
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const rename = useAction();
  const address = useAction();
  const deletion = useAction();

  const submitName = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    await rename.run(async () => {
      const updated = await api.updateHousehold(household.id, { name });
      setHousehold(updated);
      await refresh();
      setNotice(t('settings.renamed', { name: updated.name }));
    });
  };

  const submitSlug = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    await address.run(async () => {
      const updated = await api.updateHousehold(household.id, { slug });
      await refresh();
      // The old address stopped working: follow the household to its new one.
      void navigate(`/households/${encodeURIComponent(updated.slug)}/settings`, { replace: true });
    });
  };

  const submitDelete = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    await deletion.run(async () => {
      await api.deleteHousehold(household.id, password);
      setPassword('');
      await reload();
    });
  };

  const cancelDeletion = () =>
    deletion.run(async () => {
      await api.cancelDeletion(household.id);
      await reload();
      setNotice(t('settings.delete.cancelled'));
    });

  return (
    <>
      <PageHeading title={`${t('settings.title')} · ${household.name}`}>
        {t('settings.title')}
      </PageHeading>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!canEdit && !readOnly ? <p className="muted">{t('settings.readOnlyRole')}</p> : null}

      {canEdit ? (
        <section className="card" aria-labelledby="rename-title">
          <h2 id="rename-title">{t('settings.rename')}</h2>
          {rename.error ? <Alert kind="error">{rename.error}</Alert> : null}
          <form onSubmit={submitName} className="inline-form" noValidate>
            <Field
              label={t('households.create.name')}
              name="name"
              required
              maxLength={100}
              disabled={pending}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="primary" disabled={rename.busy || pending}>
              {t('settings.renameSubmit')}
            </button>
          </form>
        </section>
      ) : null}

      {isOwner ? (
        <section className="card" aria-labelledby="slug-title">
          <h2 id="slug-title">{t('settings.slug')}</h2>
          {address.error ? <Alert kind="error">{address.error}</Alert> : null}
          <form onSubmit={submitSlug} className="inline-form" noValidate>
            <Field
              label={t('settings.slug')}
              hint={t('settings.slugHint')}
              name="slug"
              required
              maxLength={48}
              autoCapitalize="none"
              spellCheck={false}
              disabled={pending}
              value={slug}
              onChange={(event) => setSlug(event.target.value)}
            />
            <button type="submit" className="primary" disabled={address.busy || pending}>
              {t('settings.slugSubmit')}
            </button>
          </form>
        </section>
      ) : null}

      <section className="card danger-zone" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('settings.delete.title')}</h2>
        {deletion.error ? <Alert kind="error">{deletion.error}</Alert> : null}
        {!isOwner ? (
          <p className="muted">{t('settings.delete.ownersOnly')}</p>
        ) : pending ? (
          <>
            <p>
              {household.purgeAfter
                ? t('settings.delete.pendingUntil', { date: formatDate(household.purgeAfter) })
                : t('settings.delete.pending')}
            </p>
            <button
              type="button"
              className="primary"
              disabled={deletion.busy}
              onClick={() => void cancelDeletion()}
            >
              {t('settings.delete.cancel')}
            </button>
          </>
        ) : (
          <>
            <p>{t('settings.delete.body')}</p>
            <form onSubmit={submitDelete} className="inline-form" noValidate>
              <Field
                label={t('settings.delete.password')}
                type="password"
                name="deletePassword"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <button
                type="submit"
                className="danger"
                disabled={deletion.busy || household.status !== 'active'}
              >
                {t('settings.delete.submit')}
              </button>
            </form>
          </>
        )}
      </section>
    </>
  );
}
