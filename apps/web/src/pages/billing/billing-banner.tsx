import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { BillingOverview, Household } from '../../api/types';
import { Alert } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';

/** The billing states a household's members must know about, fetched for the household. */
export function useBillingOverview(household: Household): BillingOverview | null {
  const [overview, setOverview] = useState<BillingOverview | null>(null);
  useEffect(() => {
    // Still being set up: nothing to bill yet.
    if (household.status === 'provisioning') return;
    let current = true;
    api
      .billing(household.id)
      .then((answer) => current && setOverview(answer))
      // The banner is a courtesy: without it, the pages still say why a change is refused.
      .catch(() => current && setOverview(null));
    return () => {
      current = false;
    };
  }, [household.id, household.status]);
  return overview;
}

/** The banner of a household, on its own fetch. */
export function HouseholdBillingBanner({ household }: { household: Household }) {
  const overview = useBillingOverview(household);
  return (
    <BillingBanner
      overview={overview}
      billingHref={`/households/${encodeURIComponent(household.slug)}/billing`}
    />
  );
}

/**
 * Past due (with the date writes stop) and read-only (payment or storage): what happened and what
 * to do, on every page of the household.
 */
export function BillingBanner({
  overview,
  billingHref,
}: {
  overview: BillingOverview | null;
  billingHref: string;
}) {
  const { t, formatDate, formatBytes } = useI18n();
  if (!overview) return null;
  const action = <Link to={billingHref}>{t('billing.banner.open')}</Link>;
  if (overview.readOnly === 'PAYMENT_REQUIRED') {
    return (
      <Alert kind="error" live={false}>
        <strong>{t('billing.banner.paymentRequired.title')}</strong>{' '}
        {t('billing.banner.paymentRequired.body')} {action}
      </Alert>
    );
  }
  if (overview.readOnly === 'OVER_QUOTA') {
    return (
      <Alert kind="error" live={false}>
        <strong>{t('billing.banner.overQuota.title')}</strong>{' '}
        {t('billing.banner.overQuota.body', {
          used: formatBytes(overview.usage.bytes),
          quota: formatBytes(overview.usage.quotaBytes ?? 0),
        })}{' '}
        {action}
      </Alert>
    );
  }
  if (overview.status === 'past_due') {
    return (
      <Alert kind="info" live={false}>
        <strong>{t('billing.banner.pastDue.title')}</strong>{' '}
        {overview.graceEndsAt
          ? t('billing.banner.pastDue.until', { date: formatDate(overview.graceEndsAt) })
          : t('billing.banner.pastDue.body')}{' '}
        {action}
      </Alert>
    );
  }
  return null;
}
