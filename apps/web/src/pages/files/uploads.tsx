import { useCallback, useRef, useState } from 'react';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/progress-bar';
import { useI18n } from '../../i18n/i18n';
import { joinPath } from './paths';

type UploadState = 'waiting' | 'sending' | 'done' | 'failed';

interface Upload {
  key: number;
  name: string;
  size: number;
  sent: number;
  state: UploadState;
  error: string | null;
}

/**
 * Uploads files into a folder one after the other (so the first finish early and a slow line is
 * not split between many), keeping each one's progress for the bars.
 */
export function useUploads(householdId: string, onFinished: () => void) {
  const { errorText } = useI18n();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextKey = useRef(0);
  const queue = useRef(Promise.resolve());

  const update = (key: number, change: Partial<Upload>) =>
    setUploads((all) =>
      all.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)),
    );

  const start = useCallback(
    (folder: string, files: readonly File[]) => {
      if (files.length === 0) return;
      const batch = files.map((file) => ({ file, key: nextKey.current++ }));
      setUploads((all) => [
        // A new batch replaces the finished ones, so the overall bar is about what is going on.
        ...all.filter((upload) => upload.state === 'waiting' || upload.state === 'sending'),
        ...batch.map(({ file, key }) => ({
          key,
          name: file.name,
          size: file.size,
          sent: 0,
          state: 'waiting' as const,
          error: null,
        })),
      ]);
      queue.current = queue.current.then(async () => {
        for (const { file, key } of batch) {
          update(key, { state: 'sending' });
          try {
            await api.uploadFile(householdId, joinPath(folder, file.name), file, {
              onProgress: (sent) => update(key, { sent }),
            });
            update(key, { state: 'done', sent: file.size });
          } catch (error) {
            update(key, { state: 'failed', error: errorText(error) });
          }
        }
        onFinished();
      });
    },
    [householdId, errorText, onFinished],
  );

  return { uploads, start };
}

/** An empty file still counts for something in the overall bar. */
const weight = (upload: Upload): number => Math.max(upload.size, 1);

/** A failed file is finished too, as far as the overall bar goes. */
function progressOf(upload: Upload): number {
  if (upload.state === 'done' || upload.state === 'failed') return weight(upload);
  return Math.min(upload.sent, upload.size);
}

/** One bar per file and one for them all, with what went wrong in words. */
export function UploadList({ uploads }: { uploads: readonly Upload[] }) {
  const { t, formatBytes } = useI18n();
  if (uploads.length === 0) return null;
  const total = uploads.reduce((sum, upload) => sum + weight(upload), 0);
  const sent = uploads.reduce((sum, upload) => sum + progressOf(upload), 0);
  const finished = uploads.filter((upload) => upload.state === 'done' || upload.state === 'failed');
  const failed = uploads.filter((upload) => upload.state === 'failed').length;
  const allFinished = finished.length === uploads.length;
  return (
    <section className="card uploads" aria-labelledby="uploads-title">
      <h2 id="uploads-title">{t('files.upload.title')}</h2>
      <p className="uploads-summary" role="status">
        {allFinished
          ? failed > 0
            ? t('files.upload.finishedWithErrors', { failed, count: uploads.length })
            : uploads.length === 1
              ? t('files.upload.finishedOne')
              : t('files.upload.finished', { count: uploads.length })
          : t('files.upload.progress', { done: finished.length, count: uploads.length })}
      </p>
      <ProgressBar label={t('files.upload.overall')} value={sent} max={total} />
      <ul className="upload-list">
        {uploads.map((upload) => (
          <li key={upload.key} data-state={upload.state}>
            <div className="upload-line">
              <span className="upload-name">{upload.name}</span>
              <span className="muted">
                {formatBytes(upload.size)} · {t(`files.upload.state.${upload.state}`)}
              </span>
            </div>
            <ProgressBar
              label={t('files.upload.fileProgress', { name: upload.name })}
              value={upload.state === 'failed' ? 0 : progressOf(upload)}
              max={weight(upload)}
              tone={upload.state === 'failed' ? 'error' : 'normal'}
            />
            {upload.error ? <p className="upload-error">{upload.error}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
