import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { HOUSEHOLD_ROLES } from '../api/types';
import type { HouseholdRole, Invite, Member } from '../api/types';
import { Dialog } from '../components/dialog';
import { BusyButton } from '../components/forms';
import { Alert, Field, PageHeading, Spinner } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useHousehold } from './household-layout';

const RANK: Record<HouseholdRole, number> = { owner: 3, admin: 2, member: 1, child: 0 };

/** Members and their roles; for owners and admins, invitations too. */
export function MembersPage() {
  const { t, errorText, formatDate } = useI18n();
  const { household, readOnly, reload } = useHousehold();
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const canManage = !readOnly && (household.role === 'owner' || household.role === 'admin');
  const grantable = HOUSEHOLD_ROLES.filter((role) => RANK[role] <= RANK[household.role]);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const inviteAction = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<HouseholdRole>('member');
  const roleId = useId();
  const [toRemove, setToRemove] = useState<Member | null>(null);
  const removal = useAction();

  const load = useCallback(async () => {
    try {
      const [nextMembers, nextInvites] = await Promise.all([
        api.members(household.id),
        canManage ? api.invites(household.id) : Promise.resolve([]),
      ]);
      setMembers(nextMembers);
      setInvites(nextInvites);
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [household.id, canManage, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const changeRole = (member: Member, next: HouseholdRole) =>
    action.run(async () => {
      setNotice(null);
      await api.changeRole(household.id, member.userId, next);
      await load();
      setNotice(t('members.roleChanged', { name: member.displayName, role: t(`role.${next}`) }));
    });

  const remove = (member: Member) => {
    const self = member.userId === me?.id;
    void removal.run(async () => {
      setNotice(null);
      await api.removeMember(household.id, member.userId);
      if (self) {
        await refresh();
        void navigate('/households', { replace: true });
        return;
      }
      setToRemove(null);
      await load();
      setNotice(t('members.removed', { name: member.displayName }));
    });
  };

  const transferred = async (member: Member) => {
    await Promise.all([reload(), refresh(), load()]);
    setNotice(t('members.transferred', { name: member.displayName }));
  };

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const ok = await inviteAction.run(async () => {
      await api.invite(household.id, email, role);
      await load();
    });
    if (ok) {
      setNotice(t('invites.sent', { email }));
      setEmail('');
    }
  };

  const resend = (item: Invite) =>
    action.run(async () => {
      setNotice(null);
      await api.resendInvite(household.id, item.id);
      await load();
      setNotice(t('invites.resent', { email: item.email }));
    });

  const revoke = (item: Invite) =>
    action.run(async () => {
      setNotice(null);
      await api.revokeInvite(household.id, item.id);
      await load();
      setNotice(t('invites.revoked', { email: item.email }));
    });

  return (
    <>
      <PageHeading title={`${t('members.title')} · ${household.name}`}>
        {t('members.title')}
      </PageHeading>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {action.error ? <Alert kind="error">{action.error}</Alert> : null}
      {loadError ? <Alert kind="error">{loadError}</Alert> : null}
      {members === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="visually-hidden">{t('members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col" className="hide-narrow">
                  {t('members.joined')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('members.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const self = member.userId === me?.id;
                const editable =
                  canManage &&
                  !self &&
                  (household.role === 'owner' || RANK[member.role] < RANK.admin);
                return (
                  <tr key={member.userId}>
                    <th scope="row">
                      <span className="member-name">
                        {member.displayName}{' '}
                        {self ? <span className="muted">{t('members.you')}</span> : null}
                      </span>
                      <span className="muted member-email">{member.email}</span>
                    </th>
                    <td>
                      {editable ? (
                        <select
                          aria-label={t('members.roleFor', { name: member.displayName })}
                          value={member.role}
                          disabled={action.busy}
                          onChange={(event) =>
                            void changeRole(member, event.target.value as HouseholdRole)
                          }
                        >
                          {grantable.map((option) => (
                            <option key={option} value={option}>
                              {t(`role.${option}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`role.${member.role}`)
                      )}
                    </td>
                    <td className="hide-narrow">{formatDate(member.joinedAt)}</td>
                    <td className="actions">
                      {(self || editable) && !readOnly ? (
                        <button
                          type="button"
                          className="danger-link"
                          disabled={action.busy}
                          aria-label={
                            self
                              ? t('members.leave')
                              : `${t('members.remove')} ${member.displayName}`
                          }
                          onClick={() => {
                            removal.setError(null);
                            setToRemove(member);
                          }}
                        >
                          {self ? t('members.leave') : t('members.remove')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {!readOnly && household.role === 'owner' && members && members.length > 1 ? (
        <TransferOwnership
          householdId={household.id}
          candidates={members.filter((member) => member.userId !== me?.id)}
          onTransferred={transferred}
        />
      ) : null}

      {toRemove ? (
        <Dialog
          title={
            toRemove.userId === me?.id
              ? t('members.leaveTitle')
              : t('members.removeTitle', { name: toRemove.displayName })
          }
          submitLabel={toRemove.userId === me?.id ? t('members.leave') : t('members.remove')}
          danger
          busy={removal.busy}
          error={removal.error}
          onSubmit={() => remove(toRemove)}
          onClose={() => setToRemove(null)}
        >
          <p>
            {toRemove.userId === me?.id
              ? t('members.leaveConfirm')
              : t('members.removeConfirm', { name: toRemove.displayName })}
          </p>
        </Dialog>
      ) : null}

      {canManage ? (
        <>
          <section className="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{t('invites.title')}</h2>
            {inviteAction.error ? <Alert kind="error">{inviteAction.error}</Alert> : null}
            <form onSubmit={invite} className="inline-form" noValidate>
              <Field
                label={t('invites.email')}
                type="email"
                name="inviteEmail"
                autoComplete="off"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
              <div className="field">
                <label htmlFor={roleId}>{t('invites.role')}</label>
                <select
                  id={roleId}
                  value={role}
                  onChange={(event) => setRole(event.target.value as HouseholdRole)}
                >
                  {grantable.map((option) => (
                    <option key={option} value={option}>
                      {t(`role.${option}`)}
                    </option>
                  ))}
                </select>
              </div>
              <BusyButton type="submit" busy={inviteAction.busy} label={t('invites.submit')} />
            </form>
          </section>

          <section className="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{t('invites.pending')}</h2>
            {invites && invites.length > 0 ? (
              <ul className="invite-list">
                {invites.map((item) => (
                  <li key={item.id}>
                    <div>
                      <span className="member-name">{item.email}</span>
                      <span className="muted">
                        {t(`role.${item.role}`)} ·{' '}
                        {item.status === 'expired'
                          ? t('invites.expired')
                          : t('invites.expires', { date: formatDate(item.expiresAt) })}
                      </span>
                    </div>
                    <div className="row-actions">
                      <button
                        type="button"
                        disabled={action.busy}
                        aria-label={t('invites.resendTo', { email: item.email })}
                        onClick={() => void resend(item)}
                      >
                        {t('invites.resend')}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        disabled={action.busy}
                        aria-label={t('invites.revokeTo', { email: item.email })}
                        onClick={() => void revoke(item)}
                      >
                        {t('invites.revoke')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('invites.none')}</p>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

/** An owner hands the household to another member, and stays on as an admin. */
function TransferOwnership({
  householdId,
  candidates,
  onTransferred,
}: {
  householdId: string;
  candidates: readonly Member[];
  onTransferred(member: Member): Promise<void>;
}) {
  const { t } = useI18n();
  const selectId = useId();
  const [chosen, setChosen] = useState(candidates[0]?.userId ?? '');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const member = candidates.find((candidate) => candidate.userId === chosen) ?? candidates[0];

  const transfer = () =>
    void action.run(async () => {
      await api.transferOwnership(householdId, member.userId);
      setConfirming(false);
      await onTransferred(member);
    });

  return (
    <section className="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('members.transfer.title')}</h2>
      <p className="muted">{t('members.transfer.body')}</p>
      <form
        className="inline-form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          action.setError(null);
          setConfirming(true);
        }}
      >
        <div className="field">
          <label htmlFor={selectId}>{t('members.transfer.to')}</label>
          <select id={selectId} value={member.userId} onChange={(e) => setChosen(e.target.value)}>
            {candidates.map((candidate) => (
              <option key={candidate.userId} value={candidate.userId}>
                {candidate.displayName} ({candidate.email})
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('members.transfer.submit')}</button>
      </form>
      {confirming ? (
        <Dialog
          title={t('members.transfer.confirmTitle', { name: member.displayName })}
          submitLabel={t('members.transfer.submit')}
          busy={action.busy}
          error={action.error}
          onSubmit={transfer}
          onClose={() => setConfirming(false)}
        >
          <p>{t('members.transfer.confirm', { name: member.displayName })}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
