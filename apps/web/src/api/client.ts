import type {
  AcceptedInvite,
  Account,
  DeletionRequested,
  Household,
  HouseholdCreated,
  HouseholdRole,
  Invite,
  Me,
  Member,
} from './types';

/** A refusal from the API: `code` is the stable machine string, shown to people in words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${status} ${code}`);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : {
              Accept: 'application/json',
              'Content-Type': 'application/json',
            },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', null);
  }
  if (!response.ok) {
    let code = 'UNKNOWN';
    try {
      const payload = (await response.json()) as { code?: unknown };
      if (typeof payload.code === 'string') code = payload.code;
    } catch {
      // Not JSON (a proxy's error page): the status alone tells what to say.
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      code,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  if (response.status === 204 || response.headers.get('content-length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const hid = (household: string): string => encodeURIComponent(household);

/** Every call the web app makes, named after what it does. */
export const api = {
  me: () => request<Me>('GET', '/me'),
  signup: (body: { email: string; password: string; displayName: string; inviteToken?: string }) =>
    request<Account>('POST', '/auth/signup', body),
  login: (body: { email: string; password: string }) =>
    request<{ accessToken: string }>('POST', '/auth/login', body),
  logout: () => request<void>('POST', '/auth/logout'),
  verifyEmail: (token: string) => request<void>('POST', '/auth/verify-email', { token }),
  resendVerification: () => request<void>('POST', '/auth/verify-email/resend'),
  requestPasswordReset: (email: string) => request<void>('POST', '/auth/password-reset', { email }),
  confirmPasswordReset: (token: string, password: string) =>
    request<void>('POST', '/auth/password-reset/confirm', { token, password }),

  households: () => request<Household[]>('GET', '/households'),
  household: (id: string) => request<Household>('GET', `/households/${hid(id)}`),
  createHousehold: (name: string) => request<HouseholdCreated>('POST', '/households', { name }),
  updateHousehold: (id: string, body: { name?: string; slug?: string }) =>
    request<Household>('PATCH', `/households/${hid(id)}`, body),
  deleteHousehold: (id: string, password: string) =>
    request<DeletionRequested>('DELETE', `/households/${hid(id)}`, { password }),
  cancelDeletion: (id: string) =>
    request<{ status: 'active' }>('POST', `/households/${hid(id)}/deletion/cancel`),

  members: (id: string) => request<Member[]>('GET', `/households/${hid(id)}/members`),
  changeRole: (id: string, userId: string, role: HouseholdRole) =>
    request<Member>('PATCH', `/households/${hid(id)}/members/${encodeURIComponent(userId)}`, {
      role,
    }),
  removeMember: (id: string, userId: string) =>
    request<void>('DELETE', `/households/${hid(id)}/members/${encodeURIComponent(userId)}`),

  invites: (id: string) => request<Invite[]>('GET', `/households/${hid(id)}/invites`),
  invite: (id: string, email: string, role: HouseholdRole) =>
    request<Invite>('POST', `/households/${hid(id)}/invites`, { email, role }),
  resendInvite: (id: string, inviteId: string) =>
    request<Invite>(
      'POST',
      `/households/${hid(id)}/invites/${encodeURIComponent(inviteId)}/resend`,
    ),
  revokeInvite: (id: string, inviteId: string) =>
    request<void>('DELETE', `/households/${hid(id)}/invites/${encodeURIComponent(inviteId)}`),
  acceptInvite: (token: string) => request<AcceptedInvite>('POST', '/invites/accept', { token }),
};
