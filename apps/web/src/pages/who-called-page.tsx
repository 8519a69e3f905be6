import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import type { Call, CallImportReport } from '../api/types';
import { BusyButton, ErrorAlert } from '../components/forms';
import { Alert, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useHousehold } from './household-layout';

/** "Who called?": an operator's call-detail file in, each call with the contact who has its number. */
export function WhoCalledPage() {
  const { t, errorText } = useI18n();
  const { household, readOnly } = useHousehold();
  const [calls, setCalls] = useState<Call[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<CallImportReport | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      try {
        const page = await api.calls(household.id, cursor);
        setCalls((current) => (cursor && current ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(errorText(caught));
      }
    },
    [household.id, errorText],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <>
      <PageHeading title={`${t('calls.title')} · ${household.name}`}>
        {t('calls.title')}
      </PageHeading>
      <p>{t('calls.intro')}</p>
      {readOnly ? null : (
        <ImportForm
          householdId={household.id}
          onImported={(imported) => {
            setReport(imported);
            void load(null);
          }}
        />
      )}
      {report ? <ImportReport report={report} /> : null}
      <ErrorAlert error={error} />
      {calls === null ? (
        error ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <CallList calls={calls} more={nextCursor ? () => void load(nextCursor) : null} />
      )}
    </>
  );
}

function ImportForm({
  householdId,
  onImported,
}: {
  householdId: string;
  onImported(report: CallImportReport): void;
}) {
  const { t } = useI18n();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) {
      action.setError(t('calls.chooseFirst'));
      return;
    }
    const form = event.currentTarget;
    const got: { report?: CallImportReport } = {};
    const ok = await action.run(async () => {
      got.report = await api.importCalls(householdId, file);
    });
    if (!ok || !got.report) return;
    form.reset();
    setFile(null);
    onImported(got.report);
  };
  return (
    <section className="card" aria-labelledby="calls-import-title">
      <h2 id="calls-import-title">{t('calls.import')}</h2>
      <ErrorAlert error={action.error} />
      <form onSubmit={(event) => void submit(event)} className="inline-form" noValidate>
        <div className="field">
          <label htmlFor={fileId}>{t('calls.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby={`${fileId}-hint`}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <p className="hint" id={`${fileId}-hint`}>
            {t('calls.fileHint')}
          </p>
        </div>
        <BusyButton type="submit" busy={action.busy} label={t('calls.importSubmit')} />
      </form>
    </section>
  );
}

function ImportReport({ report }: { report: CallImportReport }) {
  const { t } = useI18n();
  return (
    <Alert kind={report.skipped.length ? 'info' : 'success'}>
      <p>
        {t('calls.report', {
          read: report.read,
          imported: report.imported,
          duplicates: report.duplicates,
        })}
      </p>
      <p>{t('calls.kept', { path: report.filePath })}</p>
      {report.skipped.length ? (
        <>
          <p>
            {report.skipped.length === 1
              ? t('calls.skippedOne')
              : t('calls.skipped', { count: report.skipped.length })}
          </p>
          <ul className="skipped-lines">
            {report.skipped.map((line) => (
              <li key={line.line}>
                {t('calls.skippedLine', { line: line.line })} {line.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}

function CallList({ calls, more }: { calls: Call[]; more: (() => void) | null }) {
  const { t, formatDateTime } = useI18n();
  if (calls.length === 0) {
    return (
      <section className="card" aria-labelledby="calls-list-title">
        <h2 id="calls-list-title">{t('calls.list')}</h2>
        <p className="muted">{t('calls.none')}</p>
      </section>
    );
  }
  return (
    <section className="card table-wrap" aria-labelledby="calls-list-title">
      <h2 id="calls-list-title" className="table-title">
        {t('calls.listCount', { count: calls.length })}
      </h2>
      <table className="call-table">
        <thead>
          <tr>
            <th scope="col">{t('calls.when')}</th>
            <th scope="col">{t('calls.who')}</th>
            <th scope="col">{t('calls.duration')}</th>
            <th scope="col">{t('calls.direction')}</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id}>
              <td>{formatDateTime(call.startedAt)}</td>
              <th scope="row">
                <span className="member-name">
                  {call.contact ? call.contact.fullName : t('calls.unknown')}
                </span>
                <a className="member-email" href={`tel:${call.number}`}>
                  {call.rawNumber || call.number}
                </a>
              </th>
              <td>
                <Duration seconds={call.durationSeconds} />
              </td>
              <td>{t(`calls.direction.${call.direction ?? 'unknown'}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? (
        <p className="table-more">
          <button type="button" onClick={more}>
            {t('calls.more')}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function Duration({ seconds }: { seconds: number }) {
  const { t } = useI18n();
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    <>
      {hours
        ? t('calls.hours', { hours, minutes: two(minutes), seconds: two(seconds % 60) })
        : minutes
          ? t('calls.minutes', { minutes, seconds: two(seconds % 60) })
          : t('calls.seconds', { seconds })}
    </>
  );
}
