import { CopyButton } from '../components/copy-button';
import { PageHeading } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../session';
import { AppPasswords } from './app-passwords-section';
import { useHousehold } from './household-layout';

/** The addresses a phone or computer syncs with, each a WebDAV family protocol. */
function davAddresses(origin: string, slug: string): { label: MessageKey; url: string }[] {
  return [
    { label: 'devices.files', url: `${origin}/dav/files/${encodeURIComponent(slug)}/` },
    { label: 'devices.contacts', url: `${origin}/.well-known/carddav` },
    { label: 'devices.calendars', url: `${origin}/.well-known/caldav` },
  ];
}

/** "Connect your devices": the DAV addresses of the household, and app passwords to use with them. */
export function DevicesPage() {
  const { t } = useI18n();
  const { household } = useHousehold();
  const { me } = useSession();
  return (
    <>
      <PageHeading title={`${t('devices.title')} · ${household.name}`}>
        {t('devices.title')}
      </PageHeading>
      <p>{t('devices.intro')}</p>
      <section className="card" aria-labelledby="addresses-title">
        <h2 id="addresses-title">{t('devices.addresses')}</h2>
        <dl className="addresses">
          {davAddresses(window.location.origin, household.slug).map((address) => (
            <div key={address.label}>
              <dt>{t(address.label)}</dt>
              <dd>
                <code>{address.url}</code>
                <CopyButton
                  text={address.url}
                  label={t('devices.copyNamed', { what: t(address.label) })}
                />
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('devices.username')}</dt>
            <dd>
              <code>{me?.email}</code>
            </dd>
          </div>
        </dl>
        <p className="hint">{t('devices.passwordHint')}</p>
      </section>
      <AppPasswords />
    </>
  );
}
