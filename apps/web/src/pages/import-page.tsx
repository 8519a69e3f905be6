import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { ImportFailure, ImportReport, ImportView } from '../api/types';
import { BusyButton, ErrorAlert } from '../components/forms';
import { ProgressBar } from '../components/progress-bar';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../session';

const POLL_MS = 1000;
/** Problems listed in words; the rest are counted. */
const PROBLEMS_SHOWN = 20;
/** Skipped items listed; the rest are counted. */
const SKIPPED_SHOWN = 50;
/** What an email looks like, enough to catch a typo before the upload (the API checks too). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The verifier's problem codes (libs/exports ArchiveProblemCode), in words. */
const PROBLEMS: Record<string, MessageKey> = {
  NOT_A_ZIP: 'import.problem.NOT_A_ZIP',
  ZIP_STRUCTURE: 'import.problem.ZIP_STRUCTURE',
  MANIFEST_MISSING: 'import.problem.MANIFEST_MISSING',
  MANIFEST_NOT_LAST: 'import.problem.MANIFEST_NOT_LAST',
  MANIFEST_TOO_LARGE: 'import.problem.MANIFEST_TOO_LARGE',
  MANIFEST_INVALID_JSON: 'import.problem.MANIFEST_INVALID_JSON',
  MANIFEST_SCHEMA: 'import.problem.MANIFEST_SCHEMA',
  MANIFEST_DUPLICATE_PATH: 'import.problem.MANIFEST_DUPLICATE_PATH',
  WRONG_FORMAT: 'import.problem.WRONG_FORMAT',
  UNSUPPORTED_VERSION: 'import.problem.UNSUPPORTED_VERSION',
  COUNT_MISMATCH: 'import.problem.COUNT_MISMATCH',
  MISSING_ENTRY: 'import.problem.MISSING_ENTRY',
  EXTRA_ENTRY: 'import.problem.EXTRA_ENTRY',
  ENTRY_TYPE_MISMATCH: 'import.problem.ENTRY_TYPE_MISMATCH',
  SIZE_MISMATCH: 'import.problem.SIZE_MISMATCH',
  CHECKSUM_MISMATCH: 'import.problem.CHECKSUM_MISMATCH',
  CRC_MISMATCH: 'import.problem.CRC_MISMATCH',
  CORRUPT_ENTRY: 'import.problem.CORRUPT_ENTRY',
  MTIME_MISMATCH: 'import.problem.MTIME_MISMATCH',
  UNSAFE_PATH: 'import.problem.UNSAFE_PATH',
  DUPLICATE_PATH: 'import.problem.DUPLICATE_PATH',
  SYMLINK_ENTRY: 'import.problem.SYMLINK_ENTRY',
  SPECIAL_ENTRY: 'import.problem.SPECIAL_ENTRY',
  ENCRYPTED_ENTRY: 'import.problem.ENCRYPTED_ENTRY',
  UNSUPPORTED_COMPRESSION: 'import.problem.UNSUPPORTED_COMPRESSION',
  OVERLAPPING_ENTRIES: 'import.problem.OVERLAPPING_ENTRIES',
  ENTRY_RATIO_TOO_HIGH: 'import.problem.ENTRY_RATIO_TOO_HIGH',
  TOTAL_RATIO_TOO_HIGH: 'import.problem.TOTAL_RATIO_TOO_HIGH',
  TOTAL_SIZE_TOO_LARGE: 'import.problem.TOTAL_SIZE_TOO_LARGE',
  TOO_MANY_ENTRIES: 'import.problem.TOO_MANY_ENTRIES',
  TOO_MANY_PROBLEMS: 'import.problem.TOO_MANY_PROBLEMS',
};

/** Why a recorded import failed (libs/imports ImportsErrorCode), in words. */
const FAILURES: Record<string, MessageKey> = {
  IMPORT_INVALID_ARCHIVE: 'import.failure.invalidArchive',
  IMPORT_INVALID_MEMBERS: 'import.failure.invalidMembers',
  IMPORT_QUOTA_EXCEEDED: 'import.failure.quota',
  IMPORT_INSUFFICIENT_DISK: 'import.failure.disk',
  IMPORT_RESTORE_FAILED: 'import.failure.restore',
};

/** The portable sections, in words. */
const SECTIONS: Record<string, MessageKey> = {
  household: 'import.section.household',
  files: 'import.section.files',
  contacts: 'import.section.contacts',
  calendars: 'import.section.calendars',
};

/** The restorers' reasons for skipping an item (English, from the server), in words. */
const REASONS: Record<string, MessageKey> = {
  'its folder is not in the archive': 'import.reason.noFolder',
  'not valid JSON': 'import.reason.invalidJson',
  'no action': 'import.reason.noAction',
  'the file is not in the archive': 'import.reason.missingFile',
};

const sectionName = (t: Translate, section: string): string =>
  t(SECTIONS[section] ?? 'import.section.other');

const isFinal = (view: ImportView): boolean => view.status === 'done' || view.status === 'failed';

/**
 * For the instance administrator: upload a household's export archive, follow the import job,
 * and read its report (or why the archive was refused). `?id=` is the import being followed,
 * so a reload keeps following it.
 */
export function ImportPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const importId = params.get('id');

  if (!me?.isInstanceAdmin) {
    return (
      <>
        <PageHeading title={t('import.title')}>{t('import.title')}</PageHeading>
        <Alert kind="error">{t('import.forbidden')}</Alert>
        <p>
          <Link to="/households">{t('import.back')}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={t('import.title')}>{t('import.title')}</PageHeading>
      <p>{t('import.intro')}</p>
      {importId ? (
        <ImportFollow
          key={importId}
          importId={importId}
          again={() => setParams({}, { replace: false })}
        />
      ) : (
        <UploadForm onUploaded={(id) => setParams({ id })} />
      )}
    </>
  );
}

function UploadForm({ onUploaded }: { onUploaded(id: string): void }) {
  const { t, errorText, formatBytes } = useI18n();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Leaving the page stops an upload under way.
  useEffect(() => () => abort.current?.abort(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCancelled(false);
    if (!file) {
      setError(t('import.chooseFirst'));
      return;
    }
    const ownerEmail = owner.trim();
    if (ownerEmail && !EMAIL.test(ownerEmail)) {
      setError(t('import.ownerInvalid'));
      return;
    }
    setError(null);
    setSent(0);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const created = await api.uploadImport(file, ownerEmail, {
        onProgress: setSent,
        signal: controller.signal,
      });
      onUploaded(created.id);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'UPLOAD_ABORTED') setCancelled(true);
      else setError(errorText(caught));
    } finally {
      abort.current = null;
      setSent(null);
    }
  };

  const uploading = sent !== null;
  return (
    <section className="card" aria-labelledby="import-form-title">
      <h2 id="import-form-title">{t('import.form.title')}</h2>
      <ErrorAlert error={error} />
      {cancelled ? <Alert kind="info">{t('import.cancelled')}</Alert> : null}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={fileId}>{t('import.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".zip,application/zip"
            aria-describedby={`${fileId}-hint`}
            disabled={uploading}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <p className="hint" id={`${fileId}-hint`}>
            {t('import.fileHint')}
          </p>
        </div>
        <Field
          label={t('import.owner')}
          hint={t('import.ownerHint')}
          type="email"
          name="owner"
          autoComplete="off"
          value={owner}
          disabled={uploading}
          onChange={(event) => setOwner(event.target.value)}
        />
        {uploading && file ? (
          <div className="import-upload">
            <p role="status">{t('import.uploading')}</p>
            <ProgressBar label={t('import.uploadProgress')} value={sent} max={file.size} />
            <p className="muted">
              {t('import.sent', { done: formatBytes(sent), total: formatBytes(file.size) })}
            </p>
          </div>
        ) : null}
        <div className="row-actions">
          <BusyButton type="submit" busy={uploading} label={t('import.submit')} />
          {uploading ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              {t('import.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function ImportFollow({ importId, again }: { importId: string; again(): void }) {
  const { t, errorText } = useI18n();
  const { refresh } = useSession();
  const [view, setView] = useState<ImportView | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** The view, or null after an error; `retry` is false when asking again cannot help. */
  const load = useCallback(async (): Promise<{ view: ImportView | null; retry: boolean }> => {
    try {
      const current = await api.importStatus(importId);
      setView(current);
      setError(null);
      return { view: current, retry: true };
    } catch (caught) {
      setError(errorText(caught));
      const hopeless = caught instanceof ApiError && [403, 404].includes(caught.status);
      return { view: null, retry: !hopeless };
    }
  }, [importId, errorText]);

  // Looked at every second until it is done or failed (a lost connection is retried more
  // slowly); once done, the session learns of a household the administrator may now belong to.
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      const { view: current, retry } = await load();
      if (stopped) return;
      if (current && isFinal(current)) {
        if (current.status === 'done') void refresh().catch(() => null);
        return;
      }
      if (retry) timer = window.setTimeout(() => void tick(), current ? POLL_MS : POLL_MS * 3);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [load, refresh]);

  if (error && !view) {
    return (
      <>
        <ErrorAlert error={error} />
        <p>
          <button type="button" onClick={again}>
            {t('import.another')}
          </button>
        </p>
      </>
    );
  }
  if (!view) return <Spinner label={t('import.loading')} />;
  return (
    <>
      {view.status === 'done' && view.report ? (
        <ImportDone report={view.report} />
      ) : view.status === 'failed' ? (
        <ImportFailed failure={view.error} />
      ) : (
        <ImportRunning view={view} />
      )}
      <ErrorAlert error={error} />
      {isFinal(view) ? (
        <p>
          <button type="button" onClick={again}>
            {t('import.another')}
          </button>
        </p>
      ) : null}
    </>
  );
}

function ImportRunning({ view }: { view: ImportView }) {
  const { t, formatBytes } = useI18n();
  const { progress } = view;
  const step = view.status === 'validating' ? 1 : view.status === 'importing' ? 2 : 3;
  const text =
    view.status === 'validating'
      ? t('import.status.validating')
      : view.status === 'verifying'
        ? t('import.status.verifying')
        : progress.section
          ? t('import.status.importingSection', {
              section: sectionName(t, progress.section),
              done: progress.sectionsDone,
              total: progress.sectionTotal,
            })
          : t('import.status.importing');
  const byBytes = progress.byteTotal > 0;
  return (
    <section className="card" aria-labelledby="import-follow-title" data-status={view.status}>
      <h2 id="import-follow-title">{t('import.follow.title')}</h2>
      <div role="status">
        <p className="muted">{t('import.step', { step })}</p>
        <p>{text}</p>
      </div>
      <ProgressBar
        label={t('import.progress')}
        value={byBytes ? progress.bytesDone : progress.sectionsDone}
        max={byBytes ? progress.byteTotal : Math.max(progress.sectionTotal, 1)}
      />
      {byBytes ? (
        <p className="muted">
          {t('import.read', {
            done: formatBytes(progress.bytesDone),
            total: formatBytes(progress.byteTotal),
          })}
        </p>
      ) : null}
    </section>
  );
}

/** Moves the focus to the result's heading when it appears, so it is read first. */
function useFocusOnAppear<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function ImportDone({ report }: { report: ImportReport }) {
  const { t, formatBytes } = useI18n();
  const { me } = useSession();
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  const { household, members } = report;
  const email = me?.email.toLowerCase();
  const isMember = members.list.some((member) => member.email.toLowerCase() === email);
  const restored = Object.entries(report.restored);
  return (
    <section className="card import-report" aria-labelledby="import-done-title" data-status="done">
      <h2 id="import-done-title" ref={heading} tabIndex={-1}>
        {t('import.done.title')}
      </h2>
      <Alert kind="success">
        <p>{t('import.done.body', { name: household.name, slug: household.slug })}</p>
        {report.slugChanged ? (
          <p>{t('import.done.slugChanged', { old: report.source.slug })}</p>
        ) : null}
        <p>
          {t('import.summary', {
            size: formatBytes(report.archiveBytes),
            seconds: Math.max(1, Math.round(report.durationMs / 1000)),
          })}
        </p>
      </Alert>
      {isMember ? (
        <p>
          <Link className="button primary" to={`/households/${encodeURIComponent(household.slug)}`}>
            {t('import.done.open', { name: household.name })}
          </Link>
        </p>
      ) : (
        <p>{t('import.done.notMember')}</p>
      )}

      <h3>{t('import.members.title')}</h3>
      <p>
        {t('import.members.summary', {
          total: members.total,
          matched: members.matched,
          created: members.created,
        })}
        {members.created > 0 ? ` ${t('import.members.mailed')}` : ''}
      </p>
      <ul className="invite-list import-members">
        {members.list.map((member) => (
          <li key={member.email}>
            <span className="member-email">{member.email}</span>
            <span className="muted">
              {t(`role.${member.role}`)} · {t(`import.account.${member.account}`)}
            </span>
          </li>
        ))}
      </ul>

      <h3>{t('import.restored.title')}</h3>
      <ul className="import-counts">
        {restored.map(([section, count]) => (
          <li key={section}>{t('import.count', { section: sectionName(t, section), count })}</li>
        ))}
      </ul>
      {report.changedDuringExport > 0 ? (
        <p>{t('import.changed', { count: report.changedDuringExport })}</p>
      ) : null}

      <h3>{t('import.skipped.title')}</h3>
      <SkippedList skipped={report.skipped} />
    </section>
  );
}

function SkippedList({ skipped }: { skipped: ImportReport['skipped'] }) {
  const { t } = useI18n();
  if (skipped.length === 0) return <p>{t('import.skipped.none')}</p>;
  const shown = skipped.slice(0, SKIPPED_SHOWN);
  return (
    <>
      <p>{t('import.skipped.intro', { count: skipped.length })}</p>
      <ul className="skipped-lines">
        {shown.map((item, index) => {
          const reason = REASONS[item.reason];
          return (
            <li key={`${item.section}:${item.path}:${index}`}>
              {t('import.skipped.in', { section: sectionName(t, item.section), path: item.path })}{' '}
              {reason ? t(reason) : <span lang="en">{item.reason}</span>}
            </li>
          );
        })}
      </ul>
      {skipped.length > shown.length ? (
        <p>{t('import.problems.more', { count: skipped.length - shown.length })}</p>
      ) : null}
    </>
  );
}

function ImportFailed({ failure }: { failure: ImportFailure | null }) {
  const { t } = useI18n();
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  const problems = failure?.problems ?? [];
  // Refused without the verifier's findings: the archive is one member's own export.
  const summary =
    failure?.code === 'IMPORT_INVALID_ARCHIVE' && problems.length === 0
      ? t('import.failure.memberScope')
      : t(FAILURES[failure?.code ?? ''] ?? 'import.failure.other');
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  return (
    <section
      className="card danger-zone"
      aria-labelledby="import-failed-title"
      data-status="failed"
    >
      <h2 id="import-failed-title" ref={heading} tabIndex={-1}>
        {t('import.failed.title')}
      </h2>
      <Alert kind="error">
        <p>{summary}</p>
        <p>{t('import.failed.nothing')}</p>
      </Alert>
      {problems.length > 0 ? (
        <>
          <p>
            {problems.length === 1
              ? t('import.problems.one')
              : t('import.problems.count', { count: problems.length })}
          </p>
          <ul className="skipped-lines import-problems">
            {shown.map((problem, index) => (
              <li key={`${problem.code}:${problem.path ?? ''}:${index}`}>
                {problem.path ? <>{t('import.problems.at', { path: problem.path })} </> : null}
                {t(PROBLEMS[problem.code] ?? 'import.problem.other')}
              </li>
            ))}
          </ul>
          {problems.length > shown.length ? (
            <p>{t('import.problems.more', { count: problems.length - shown.length })}</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
