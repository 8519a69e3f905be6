import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { PageHeading, Spinner } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { StatusBadge } from './status-badge';
import { useHousehold } from './household-layout';

export function HouseholdOverview() {
  const { t } = useI18n();
  const { household } = useHousehold();
  const [memberCount, setMemberCount] = useState<number | null>(null);

  useEffect(() => {
    api
      .members(household.id)
      .then((members) => setMemberCount(members.length))
      .catch(() => setMemberCount(null));
  }, [household.id]);

  return (
    <>
      <PageHeading title={household.name}>
        {t('overview.welcome', { name: household.name })}
      </PageHeading>
      {household.status === 'provisioning' ? (
        <Spinner label={t('status.provisioningBody')} />
      ) : null}
      <dl className="facts card">
        <div>
          <dt>{t('status.label')}</dt>
          <dd>
            <StatusBadge status={household.status} moved={Boolean(household.movedTo)} />
          </dd>
        </div>
        <div>
          <dt>{t('overview.address')}</dt>
          <dd>
            <code>{household.slug}</code>
          </dd>
        </div>
        <div>
          <dt>{t('members.role')}</dt>
          <dd>{t(`role.${household.role}`)}</dd>
        </div>
        <div>
          <dt>{t('nav.members')}</dt>
          <dd>
            <span>
              {memberCount === null
                ? '…'
                : memberCount === 1
                  ? t('overview.member')
                  : t('overview.members', { count: memberCount })}
            </span>{' '}
            <Link to="members">{t('overview.manageMembers')}</Link>
          </dd>
        </div>
      </dl>
    </>
  );
}
