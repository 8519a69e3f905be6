import type { FilesUsage } from '../../api/types';
import { ProgressBar } from '../../components/progress-bar';
import { useI18n } from '../../i18n/i18n';

const WARN_AT = 0.9;

/** The household's storage, trash included, against its quota. */
export function UsageBar({ usage }: { usage: FilesUsage | null }) {
  const { t, formatBytes } = useI18n();
  if (!usage) return null;
  const used = formatBytes(usage.usedBytes);
  if (usage.quotaBytes === null) {
    return <p className="usage muted">{t('files.usage.unlimited', { used })}</p>;
  }
  const ratio = usage.quotaBytes > 0 ? usage.usedBytes / usage.quotaBytes : 1;
  const text = t('files.usage.of', { used, quota: formatBytes(usage.quotaBytes) });
  return (
    <div className="usage">
      <p className="usage-text">{text}</p>
      <ProgressBar
        label={t('files.usage.label')}
        value={usage.usedBytes}
        max={usage.quotaBytes}
        tone={ratio >= 1 ? 'error' : ratio >= WARN_AT ? 'warning' : 'normal'}
      />
      {ratio >= 1 ? <p className="hint">{t('files.usage.full')}</p> : null}
    </div>
  );
}
