import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { MigrationToken, MigrationTokenCreated } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { ErrorAlert } from '../components/forms';
import { Alert } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';

/**
 * "Move to my own server" (owners): a migration token gives `foyer migrate` on the other server
 * read-only access to this household for a day; the exact command is shown once, to copy.
 */
export function MoveSection({ householdId }: { householdId: string }) {
  const { t, errorText, formatDate } = useI18n();
  const [tokens, setTokens] = useState<MigrationToken[]>([]);
  const [created, setCreated] = useState<MigrationTokenCreated | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();

  const load = useCallback(async () => {
    try {
      setTokens(await api.migrationTokens(householdId));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [householdId, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = () =>
    void action.run(async () => {
      setCreated(await api.createMigrationToken(householdId));
      await load();
    });

  const revoke = (token: MigrationToken) =>
    void action.run(async () => {
      await api.revokeMigrationToken(householdId, token.id);
      if (created?.id === token.id) setCreated(null);
      await load();
    });

  const active = tokens.filter((token) => token.state === 'active');
  return (
    <section className="card" aria-labelledby="move-title">
      <h2 id="move-title">{t('move.title')}</h2>
      <p>{t('move.body')}</p>
      <ErrorAlert error={action.error} />
      <ErrorAlert error={loadError} />
      {created ? (
        <Alert kind="success">
          <p>{t('move.created', { date: formatDate(created.expiresAt) })}</p>
          <p className="secret">
            <code data-testid="migration-command">{created.command}</code>
            <CopyButton text={created.command} label={t('move.copy')} />
          </p>
          <p>{t('move.shownOnce')}</p>
        </Alert>
      ) : null}
      <button type="button" className="primary" disabled={action.busy} onClick={create}>
        {t('move.create')}
      </button>
      {active.length > 0 ? (
        <ul className="invite-list">
          {active.map((token) => (
            <li key={token.id}>
              <span>
                {t('move.token', {
                  created: formatDate(token.createdAt),
                  expires: formatDate(token.expiresAt),
                })}
                {token.lastUsedAt ? ` · ${t('move.used')}` : ''}
              </span>
              <button
                type="button"
                className="danger"
                disabled={action.busy}
                onClick={() => revoke(token)}
              >
                {t('move.revoke')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
