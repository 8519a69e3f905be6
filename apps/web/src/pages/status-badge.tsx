import type { HouseholdStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

export function StatusBadge({ status }: { status: HouseholdStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="visually-hidden">{t('status.label')}: </span>
      {t(`status.${status}`)}
    </span>
  );
}
