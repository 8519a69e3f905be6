import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { HouseholdExport } from '../api/types';
import { ErrorAlert } from '../components/forms';
import { ProgressBar } from '../components/progress-bar';
import { PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useHousehold } from './household-layout';
import { MoveSection } from './move-section';

const POLL_MS = 1000;

const inFlight = (item: HouseholdExport) => item.status === 'queued' || item.status === 'running';

/** Ask for an archive of the household, follow the job, download it while it is kept. */
export function ExportPage() {
  const { t, errorText } = useI18n();
  const { household } = useHousehold();
  const [exports, setExports] = useState<HouseholdExport[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const everything = household.role === 'owner' || household.role === 'admin';

  const load = useCallback(async () => {
    try {
      setExports(await api.exports(household.id));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [household.id, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  // While an archive is being written, its progress is looked at again every second.
  const running = exports?.some(inFlight) ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, load]);

  const request = () =>
    void action.run(async () => {
      await api.requestExport(household.id);
      await load();
    });

  return (
    <>
      <PageHeading title={`${t('export.title')} · ${household.name}`}>
        {t('export.title')}
      </PageHeading>
      <section className="card" aria-labelledby="export-new-title">
        <h2 id="export-new-title">{t('export.new')}</h2>
        <p>{everything ? t('export.bodyAll') : t('export.bodyOwn')}</p>
        <ErrorAlert error={action.error} />
        <button
          type="button"
          className="primary"
          disabled={action.busy || running}
          onClick={request}
        >
          {everything ? t('export.requestAll') : t('export.requestOwn')}
        </button>
      </section>
      <ErrorAlert error={loadError} />
      {exports === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : exports.length === 0 ? null : (
        <section className="card" aria-labelledby="export-list-title">
          <h2 id="export-list-title">{t('export.list')}</h2>
          <ul className="invite-list export-list">
            {exports.map((item) => (
              <ExportRow key={item.id} householdId={household.id} item={item} />
            ))}
          </ul>
        </section>
      )}
      {household.role === 'owner' ? <MoveSection householdId={household.id} /> : null}
    </>
  );
}

function ExportRow({ householdId, item }: { householdId: string; item: HouseholdExport }) {
  const { t, formatDate, formatDateTime, formatBytes } = useI18n();
  const { progress } = item;
  return (
    <li data-status={item.status}>
      <div className="export-line">
        <span className="member-name">
          {t(item.scope === 'household' ? 'export.scopeAll' : 'export.scopeOwn')} ·{' '}
          {formatDateTime(item.createdAt)}
        </span>
        <span className="muted">
          {t(`export.status.${item.status}`)}
          {item.status === 'ready' && item.size !== null ? ` · ${formatBytes(item.size)}` : ''}
          {item.status === 'ready' && item.expiresAt
            ? ` · ${t('export.until', { date: formatDate(item.expiresAt) })}`
            : ''}
        </span>
        {inFlight(item) ? (
          <ProgressBar
            label={t('export.progress')}
            value={progress.byteTotal > 0 ? progress.bytesDone : progress.entriesDone}
            max={progress.byteTotal > 0 ? progress.byteTotal : Math.max(progress.entryTotal, 1)}
          />
        ) : null}
      </div>
      {item.status === 'ready' ? (
        <a className="button primary" href={api.exportDownloadUrl(householdId, item.id)} download>
          {t('export.download')}
        </a>
      ) : null}
    </li>
  );
}
