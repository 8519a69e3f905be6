import { useCallback, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useOutletContext, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { Household } from '../api/types';
import { Alert, Spinner } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { HouseholdBillingBanner } from './billing/billing-banner';
import type { MessageKey } from '../i18n/en';

const POLL_MS = 1000;

/**
 * The sections of a household. Files, contacts, calendars, billing and export join this list as
 * their APIs land (each with its own route under /households/:slug/).
 */
const SECTIONS: readonly { path: string; label: MessageKey; end?: boolean }[] = [
  { path: '', label: 'nav.overview', end: true },
  { path: 'files', label: 'nav.files' },
  { path: 'contacts', label: 'nav.contacts' },
  { path: 'calendar', label: 'nav.calendar' },
  { path: 'calls', label: 'nav.calls' },
  { path: 'devices', label: 'nav.devices' },
  { path: 'members', label: 'nav.members' },
  { path: 'billing', label: 'nav.billing' },
  { path: 'export', label: 'nav.export' },
  { path: 'settings', label: 'nav.settings' },
];

export interface HouseholdContext {
  household: Household;
  /**
   * Moved to another Foyer: it can be read and exported here, not changed, so the pages show no
   * button that would change it.
   */
  readOnly: boolean;
  reload(): Promise<void>;
  setHousehold(household: Household): void;
}

export function useHousehold(): HouseholdContext {
  return useOutletContext<HouseholdContext>();
}

/**
 * Whether this server bills households; unknown (null) until asked. Without billing (the default
 * at home), the Billing tab would only ever say that there is nothing to pay.
 */
function useBillingEnabled(): boolean | null {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    api
      .plans()
      .then((plans) => current && setEnabled(plans.billingEnabled))
      // Not knowing, the tab stays: its page says what it can.
      .catch(() => current && setEnabled(true));
    return () => {
      current = false;
    };
  }, []);
  return enabled;
}

export function HouseholdLayout() {
  const { t, errorText, formatDate } = useI18n();
  const { slug = '' } = useParams();
  const location = useLocation();
  const [household, setHousehold] = useState<Household | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const billingEnabled = useBillingEnabled();
  const joined = (location.state as { joined?: string } | null)?.joined;

  const reload = useCallback(async () => {
    try {
      setHousehold(await api.household(slug));
      setError(null);
      setNotFound(false);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setNotFound(true);
      else setError(errorText(caught));
    }
  }, [slug, errorText]);

  useEffect(() => {
    setHousehold(null);
    void reload();
  }, [reload]);

  useEffect(() => {
    if (household?.status !== 'provisioning') return;
    const timer = window.setTimeout(() => void reload(), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [household, reload]);

  if (notFound) return <Alert kind="error">{t('overview.notFound')}</Alert>;
  if (!household)
    return error ? <Alert kind="error">{error}</Alert> : <Spinner label={t('app.loading')} />;

  const readOnly = Boolean(household.movedTo);
  const context: HouseholdContext = { household, readOnly, reload, setHousehold };
  const base = `/households/${encodeURIComponent(household.slug)}`;
  return (
    <div className="household">
      <p className="eyebrow">{household.name}</p>
      <nav aria-label={t('nav.household')} className="tabs">
        <ul>
          {SECTIONS.filter((section) => section.path !== 'billing' || billingEnabled).map(
            (section) => (
              <li key={section.path}>
                <NavLink to={section.path ? `${base}/${section.path}` : base} end={section.end}>
                  {t(section.label)}
                </NavLink>
              </li>
            ),
          )}
        </ul>
      </nav>
      {household.movedTo ? (
        <div className="moved-banner" data-testid="moved-banner">
          <Alert kind="info" live={false}>
            <strong>{t('moved.title')}</strong> {t('moved.body')}{' '}
            <a href={household.movedTo}>{household.movedTo}</a>
          </Alert>
        </div>
      ) : null}
      {joined ? <Alert kind="success">{t('invite.joined', { name: joined })}</Alert> : null}
      {household.status === 'pending_deletion' ? (
        <Alert kind="info">
          {household.purgeAfter
            ? t('settings.delete.pendingUntil', { date: formatDate(household.purgeAfter) })
            : t('settings.delete.pending')}
        </Alert>
      ) : null}
      <HouseholdBillingBanner household={household} />
      <Outlet context={context} />
    </div>
  );
}
