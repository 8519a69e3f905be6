import type { HouseholdStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** The household's state in one word; "Moved" outweighs the lifecycle underneath it. */
export function StatusBadge({
  status,
  moved = false,
}: {
  status: HouseholdStatus;
  moved?: boolean;
}) {
  const { t } = useI18n();
  const shown = moved ? 'moved' : status;
  return (
    <span className={`badge badge-${shown}`} data-status={shown}>
      <span className="visually-hidden">{t('status.label')}: </span>
      {moved ? t('household.moved') : t(`status.${status}`)}
    </span>
  );
}
