import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { TrashItem } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { ErrorAlert } from '../../components/forms';
import { Alert, PageHeading, Spinner } from '../../components/ui';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { useHousehold } from '../household-layout';

/** What was deleted: restore it, or empty the trash for good (which frees the space). */
export function TrashPage() {
  const { t, errorText, formatBytes, formatDate } = useI18n();
  const { household, readOnly } = useHousehold();
  const [items, setItems] = useState<TrashItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const emptying = useAction();

  const load = useCallback(async () => {
    try {
      setItems(await api.trash(household.id));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [household.id, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const restore = (item: TrashItem) =>
    void action.run(async () => {
      setNotice(null);
      const restored = await api.restoreFile(household.id, item.id);
      await load();
      setNotice(t('files.trash.restored', { name: item.name, path: restored.path }));
    });

  const empty = () =>
    void emptying.run(async () => {
      await api.emptyTrash(household.id);
      setConfirming(false);
      await load();
      setNotice(t('files.trash.emptied'));
    });

  return (
    <>
      <PageHeading title={`${t('files.trash.title')} · ${household.name}`}>
        {t('files.trash.title')}
      </PageHeading>
      <p>
        <Link to=".." relative="path">
          {t('files.trash.back')}
        </Link>
      </p>
      <p className="muted">{t('files.trash.body')}</p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ErrorAlert error={action.error} />
      <ErrorAlert error={loadError} />
      {items === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : items.length === 0 ? (
        <p className="muted card">{t('files.trash.none')}</p>
      ) : (
        <>
          <ul className="card invite-list trash-list">
            {items.map((item) => (
              <li key={item.id}>
                <div>
                  <span className="member-name">{item.name}</span>
                  <span className="muted">
                    {t('files.trash.from', { path: item.originalPath })} · {formatBytes(item.size)}{' '}
                    · {t('files.trash.when', { date: formatDate(item.trashedAt) })}
                  </span>
                </div>
                {readOnly ? null : (
                  <button
                    type="button"
                    disabled={action.busy}
                    aria-label={t('files.trash.restoreNamed', { name: item.name })}
                    onClick={() => restore(item)}
                  >
                    {t('files.trash.restore')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {readOnly ? null : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              {t('files.trash.empty')}
            </button>
          )}
        </>
      )}
      {confirming ? (
        <Dialog
          title={t('files.trash.emptyTitle')}
          submitLabel={t('files.trash.emptyConfirm')}
          danger
          busy={emptying.busy}
          error={emptying.error}
          onSubmit={empty}
          onClose={() => setConfirming(false)}
        >
          <p>{t('files.trash.emptyBody', { count: items?.length ?? 0 })}</p>
        </Dialog>
      ) : null}
    </>
  );
}
