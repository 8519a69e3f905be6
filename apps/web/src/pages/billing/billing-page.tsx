import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { BillingOverview, Plan } from '../../api/types';
import { ErrorAlert } from '../../components/forms';
import { ProgressBar } from '../../components/progress-bar';
import { Alert, PageHeading, Spinner } from '../../components/ui';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { useHousehold } from '../household-layout';

const CONFIRM_POLL_MS = 1000;
const CONFIRM_POLLS = 20;

/** The plan, its usage and invoices; owners choose a plan (Checkout) or manage it (portal). */
export function BillingPage() {
  const { t, errorText } = useI18n();
  const { household } = useHousehold();
  const [params] = useSearchParams();
  const returned = params.get('billing');
  const [overview, setOverview] = useState<BillingOverview | null>(null);
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const isOwner = household.role === 'owner';

  const load = useCallback(async () => {
    try {
      const [nextOverview, catalog] = await Promise.all([api.billing(household.id), api.plans()]);
      setOverview(nextOverview);
      setPlans(catalog.plans);
      setEnabled(catalog.billingEnabled);
      setLoadError(null);
      return nextOverview;
    } catch (error) {
      setLoadError(errorText(error));
      return null;
    }
  }, [household.id, errorText]);

  useEffect(() => {
    let polls = 0;
    let timer: number | undefined;
    // Back from Checkout, Stripe's webhooks may not have arrived yet: look again for a while.
    const check = async () => {
      const answer = await load();
      const waiting = returned === 'success' && answer && !isPaid(answer.status);
      if (waiting && ++polls < CONFIRM_POLLS) timer = window.setTimeout(check, CONFIRM_POLL_MS);
    };
    void check();
    return () => window.clearTimeout(timer);
  }, [load, returned]);

  const goTo = (getUrl: () => Promise<{ url: string }>) =>
    void action.run(async () => {
      const { url } = await getUrl();
      window.location.assign(url);
    });

  const title = `${t('billing.title')} · ${household.name}`;
  if (!overview || enabled === null) {
    return (
      <>
        <PageHeading title={title}>{t('billing.title')}</PageHeading>
        {loadError ? <Alert kind="error">{loadError}</Alert> : <Spinner label={t('app.loading')} />}
      </>
    );
  }

  if (!enabled || overview.status === 'self_hosted') {
    return (
      <>
        <PageHeading title={title}>{t('billing.title')}</PageHeading>
        <section className="card">
          <h2>{t('billing.selfHosted.title')}</h2>
          <p>{t('billing.selfHosted.body')}</p>
        </section>
      </>
    );
  }

  const current = overview.plan;
  const pending = returned === 'success' && !isPaid(overview.status);
  // A household already subscribed changes plans in the portal, where Stripe prorates it.
  const subscribed = overview.status !== 'none' && overview.status !== 'canceled';
  return (
    <>
      <PageHeading title={title}>{t('billing.title')}</PageHeading>
      {returned === 'success' ? (
        pending ? (
          <Spinner label={t('billing.returned.confirming')} />
        ) : (
          <Alert kind="success">{t('billing.returned.success', { plan: current.name })}</Alert>
        )
      ) : null}
      {returned === 'canceled' ? <Alert kind="info">{t('billing.returned.canceled')}</Alert> : null}
      <ErrorAlert error={action.error} />
      <ErrorAlert error={loadError} />

      <CurrentPlan overview={overview} />
      {isOwner ? (
        overview.status !== 'none' ? (
          <p>
            <button
              type="button"
              className="primary"
              disabled={action.busy}
              onClick={() => goTo(() => api.billingPortal(household.id))}
            >
              {t('billing.manage')}
            </button>{' '}
            <span className="muted">{t('billing.manageHint')}</span>
          </p>
        ) : null
      ) : (
        <p className="muted">{t('billing.ownersOnly')}</p>
      )}

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">{t('billing.plans')}</h2>
        {isOwner && subscribed ? <p className="muted">{t('billing.switchInPortal')}</p> : null}
        <ul className="plan-list">
          {(plans ?? [])
            .filter((plan) => plan.id !== 'self_hosted')
            .map((plan) => (
              <PlanCard
                key={plan.id}
                plan={plan}
                current={plan.id === current.id}
                canChoose={isOwner && !subscribed && plan.purchasable && plan.id !== current.id}
                busy={action.busy}
                onChoose={() => goTo(() => api.checkout(household.id, plan.id))}
              />
            ))}
        </ul>
      </section>
      <Invoices overview={overview} />
    </>
  );
}

/** Statuses in which the plan is paid for. */
function isPaid(status: string): boolean {
  return status === 'active' || status === 'trialing';
}

function CurrentPlan({ overview }: { overview: BillingOverview }) {
  const { t, formatBytes, formatDate } = useI18n();
  const { plan, usage } = overview;
  return (
    <section className="card" aria-labelledby="current-plan-title">
      <h2 id="current-plan-title">{t('billing.currentPlan', { plan: plan.name })}</h2>
      <dl className="facts">
        <div>
          <dt>{t('status.label')}</dt>
          <dd>
            {isKnownStatus(overview.status)
              ? t(`billing.status.${overview.status}`)
              : overview.status}
          </dd>
        </div>
        {overview.currentPeriodEnd ? (
          <div>
            <dt>{overview.cancelAtPeriodEnd ? t('billing.endsOn') : t('billing.renewsOn')}</dt>
            <dd>{formatDate(overview.currentPeriodEnd)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('billing.storage')}</dt>
          <dd>
            {usage.quotaBytes === null
              ? t('files.usage.unlimited', { used: formatBytes(usage.bytes) })
              : t('billing.ofQuota', {
                  used: formatBytes(usage.bytes),
                  quota: formatBytes(usage.quotaBytes),
                })}
            {usage.quotaBytes !== null ? (
              <ProgressBar
                label={t('billing.storage')}
                value={usage.bytes}
                max={usage.quotaBytes}
                tone={usage.bytes > usage.quotaBytes ? 'error' : 'normal'}
              />
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('billing.seats')}</dt>
          <dd>
            {usage.seats === null
              ? t('billing.seatsUnlimited', { used: usage.seatsUsed })
              : t('billing.seatsOf', { used: usage.seatsUsed, seats: usage.seats })}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The statuses that have words; any other Stripe status is shown as it comes. */
const KNOWN_STATUSES = [
  'none',
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
] as const;

function isKnownStatus(status: string): status is (typeof KNOWN_STATUSES)[number] {
  return (KNOWN_STATUSES as readonly string[]).includes(status);
}

function PlanCard({
  plan,
  current,
  canChoose,
  busy,
  onChoose,
}: {
  plan: Plan;
  current: boolean;
  canChoose: boolean;
  busy: boolean;
  onChoose(): void;
}) {
  const { t, formatBytes, formatMoney } = useI18n();
  return (
    <li className={`card plan${current ? ' plan-current' : ''}`}>
      <h3>{plan.name}</h3>
      <p className="plan-price">
        {plan.monthlyPrice === 0
          ? t('billing.free')
          : t('billing.perMonth', { price: formatMoney(plan.monthlyPrice, plan.currency) })}
      </p>
      <ul className="plan-facts">
        <li>
          {plan.storageQuotaBytes === null
            ? t('billing.unlimitedStorage')
            : t('billing.planStorage', { size: formatBytes(plan.storageQuotaBytes) })}
        </li>
        <li>
          {plan.seats === null
            ? t('billing.unlimitedSeats')
            : t('billing.planSeats', { seats: plan.seats })}
        </li>
      </ul>
      {current ? (
        <p className="badge badge-active">{t('billing.yourPlan')}</p>
      ) : canChoose ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          aria-label={t('billing.chooseNamed', { plan: plan.name })}
          onClick={onChoose}
        >
          {t('billing.choose')}
        </button>
      ) : null}
    </li>
  );
}

function Invoices({ overview }: { overview: BillingOverview }) {
  const { t, formatDate, formatMoney } = useI18n();
  if (overview.invoices === null)
    return <p className="muted">{t('billing.invoicesUnavailable')}</p>;
  if (overview.invoices.length === 0) return null;
  return (
    <section className="card" aria-labelledby="invoices-title">
      <h2 id="invoices-title">{t('billing.invoices')}</h2>
      <ul className="invite-list">
        {overview.invoices.map((invoice) => (
          <li key={invoice.id}>
            <span>
              {formatDate(invoice.createdAt)} · {formatMoney(invoice.amountDue, invoice.currency)}
            </span>
            {invoice.hostedInvoiceUrl ? (
              <a href={invoice.hostedInvoiceUrl} rel="noreferrer">
                {t('billing.invoiceOpen', { number: invoice.number ?? invoice.id })}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
