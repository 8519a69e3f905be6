import type {
  AcceptedInvite,
  Account,
  AddressBook,
  AppPassword,
  AppPasswordCreated,
  AccountSession,
  BillingOverview,
  Calendar,
  CallImportReport,
  CallPage,
  CalendarEvent,
  Contact,
  ContactFields,
  ContactPage,
  DeletionRequested,
  EventFields,
  Occurrences,
  FileItem,
  FileList,
  FilesUsage,
  Household,
  HouseholdCreated,
  HouseholdExport,
  HouseholdRole,
  ImportCreated,
  ImportView,
  Invite,
  InvitePreview,
  Me,
  Member,
  MigrationToken,
  MigrationTokenCreated,
  Plans,
  TrashItem,
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

/** The ApiError of a refusal, from its status, body and Retry-After header. */
function refusal(status: number, body: string, retryAfterHeader: string | null): ApiError {
  let code = 'UNKNOWN';
  try {
    const payload = JSON.parse(body) as { code?: unknown };
    if (typeof payload.code === 'string') code = payload.code;
  } catch {
    // Not JSON (a proxy's error page): the status alone tells what to say.
  }
  const retryAfter = Number(retryAfterHeader);
  return new ApiError(
    status,
    code,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

interface RequestOptions {
  /** The etag read: the API refuses with 412 PRECONDITION_FAILED when it changed since. */
  ifMatch?: string;
}

/**
 * One call of the API. `body` is sent as JSON, or as it is when it is a Blob (a File): its bytes
 * are the request body, with its type or `application/octet-stream`.
 */
async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body instanceof Blob) headers['Content-Type'] = body.type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', null);
  }
  if (!response.ok) {
    throw refusal(response.status, await response.text(), response.headers.get('retry-after'));
  }
  if (response.status === 204 || response.headers.get('content-length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const hid = (household: string): string => encodeURIComponent(household);

const eventsPath = (household: string, calendarId: string): string =>
  `/households/${hid(household)}/calendars/${encodeURIComponent(calendarId)}/events`;

const pathQuery = (path: string): string => `?${new URLSearchParams({ path }).toString()}`;

/** Types the api parses itself (JSON, forms): an upload of one is sent as plain bytes instead. */
const PARSED_UPLOAD_TYPE = /^application\/(json|x-www-form-urlencoded|[\w.-]+\+json)\b/i;

export interface UploadOptions {
  /** Bytes sent so far, as the browser reports them. */
  onProgress(sentBytes: number): void;
}

/** What an XMLHttpRequest upload needs: fetch cannot report upload progress. */
interface RawUpload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: File;
  onProgress(sentBytes: number): void;
  /** Aborting it rejects with ApiError(0, 'UPLOAD_ABORTED'). */
  signal?: AbortSignal;
}

function sendRaw<T>(upload: RawUpload): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => upload.onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        upload.onProgress(upload.body.size);
        resolve(JSON.parse(xhr.responseText) as T);
      } else {
        reject(refusal(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', null));
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_ABORTED', null));
    if (upload.signal?.aborted) {
      reject(new ApiError(0, 'UPLOAD_ABORTED', null));
      return;
    }
    upload.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(upload.body);
  });
}

/**
 * Uploads one file as the raw body of a PUT, through XMLHttpRequest because fetch cannot report
 * upload progress. `If-None-Match: *` so a file already there is never overwritten unasked.
 */
function uploadFile(household: string, path: string, file: File, options: UploadOptions) {
  const type = file.type && !PARSED_UPLOAD_TYPE.test(file.type) ? file.type : '';
  return sendRaw<FileItem>({
    method: 'PUT',
    url: `/api/v1/households/${hid(household)}/files/content${pathQuery(path)}`,
    headers: { 'If-None-Match': '*', 'Content-Type': type || 'application/octet-stream' },
    body: file,
    onProgress: options.onProgress,
  });
}

/**
 * An instance administrator's import: the archive is the raw body (always sent as
 * `application/zip`, whatever the browser guessed), `owner` an optional email.
 */
function uploadImport(
  file: File,
  owner: string,
  options: UploadOptions & { signal?: AbortSignal },
) {
  const query = owner ? `?${new URLSearchParams({ owner }).toString()}` : '';
  return sendRaw<ImportCreated>({
    method: 'POST',
    url: `/api/v1/imports${query}`,
    headers: { 'Content-Type': 'application/zip' },
    body: file,
    onProgress: options.onProgress,
    signal: options.signal,
  });
}

/** Every call the web app makes, named after what it does. */
export const api = {
  me: () => request<Me>('GET', '/me'),
  signup: (body: {
    email: string;
    password: string;
    displayName: string;
    inviteToken?: string;
    language: 'en' | 'fr';
  }) => request<Account>('POST', '/auth/signup', body),
  updateMe: (body: { displayName?: string; language?: 'en' | 'fr' }) =>
    request<Me>('PATCH', '/me', body),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/me/password', { currentPassword, newPassword }),
  changeEmail: (email: string, currentPassword: string) =>
    request<void>('POST', '/me/email', { email, currentPassword }),
  cancelEmailChange: () => request<void>('DELETE', '/me/email'),
  confirmEmail: (token: string) => request<void>('POST', '/auth/confirm-email', { token }),
  sessions: () => request<AccountSession[]>('GET', '/me/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
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
  transferOwnership: (id: string, userId: string) =>
    request<void>('POST', `/households/${hid(id)}/transfer-ownership`, { userId }),
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
  previewInvite: (token: string) => request<InvitePreview>('POST', '/invites/preview', { token }),

  listFolder: (id: string, path: string) =>
    request<FileList>('GET', `/households/${hid(id)}/files${pathQuery(path)}&limit=1000`),
  createFolder: (id: string, path: string) =>
    request<FileItem>('POST', `/households/${hid(id)}/files/folders`, { path }),
  moveFile: (id: string, from: string, to: string) =>
    request<FileItem>('POST', `/households/${hid(id)}/files/move`, { from, to }),
  trashFile: (id: string, path: string) =>
    request<void>('DELETE', `/households/${hid(id)}/files${pathQuery(path)}`),
  trash: (id: string) => request<TrashItem[]>('GET', `/households/${hid(id)}/files/trash`),
  restoreFile: (id: string, itemId: string) =>
    request<FileItem>(
      'POST',
      `/households/${hid(id)}/files/trash/${encodeURIComponent(itemId)}/restore`,
    ),
  emptyTrash: (id: string) => request<void>('DELETE', `/households/${hid(id)}/files/trash`),
  filesUsage: (id: string) => request<FilesUsage>('GET', `/households/${hid(id)}/files/usage`),
  uploadFile,

  appPasswords: () => request<AppPassword[]>('GET', '/me/app-passwords'),
  createAppPassword: (label: string) =>
    request<AppPasswordCreated>('POST', '/me/app-passwords', { label }),
  revokeAppPassword: (id: string) =>
    request<void>('DELETE', `/me/app-passwords/${encodeURIComponent(id)}`),

  exports: (id: string) => request<HouseholdExport[]>('GET', `/households/${hid(id)}/exports`),
  requestExport: (id: string) =>
    request<{ id: string; status: string }>('POST', `/households/${hid(id)}/exports`, {}),
  exportDownloadUrl: (id: string, exportId: string) =>
    `/api/v1/households/${hid(id)}/exports/${encodeURIComponent(exportId)}/download`,

  addressBooks: (id: string) =>
    request<AddressBook[]>('GET', `/households/${hid(id)}/addressbooks`),
  contacts: (id: string, bookId: string, query: string) =>
    request<ContactPage>(
      'GET',
      `/households/${hid(id)}/addressbooks/${encodeURIComponent(bookId)}/contacts?${new URLSearchParams(
        query ? { q: query, limit: '500' } : { limit: '500' },
      ).toString()}`,
    ),
  createContact: (
    id: string,
    bookId: string,
    contact: { fullName: string; emails: string[]; phones: string[] },
  ) =>
    request<Contact>(
      'POST',
      `/households/${hid(id)}/addressbooks/${encodeURIComponent(bookId)}/contacts`,
      contact,
    ),

  updateContact: (
    id: string,
    bookId: string,
    contactId: string,
    changes: Partial<ContactFields>,
    etag: string,
  ) =>
    request<Contact>(
      'PATCH',
      `/households/${hid(id)}/addressbooks/${encodeURIComponent(bookId)}/contacts/${encodeURIComponent(contactId)}`,
      changes,
      { ifMatch: etag },
    ),
  contact: (id: string, bookId: string, contactId: string) =>
    request<Contact>(
      'GET',
      `/households/${hid(id)}/addressbooks/${encodeURIComponent(bookId)}/contacts/${encodeURIComponent(contactId)}`,
    ),

  calendars: (id: string) => request<Calendar[]>('GET', `/households/${hid(id)}/calendars`),
  /** The instances of events overlapping [from, to), recurrences expanded, by start. */
  occurrences: (id: string, calendarId: string, from: Date, to: Date) =>
    request<Occurrences>(
      'GET',
      `${eventsPath(id, calendarId)}?${new URLSearchParams({
        from: from.toISOString(),
        to: to.toISOString(),
      }).toString()}`,
    ),
  event: (id: string, calendarId: string, eventId: string) =>
    request<CalendarEvent>('GET', `${eventsPath(id, calendarId)}/${encodeURIComponent(eventId)}`),
  createEvent: (id: string, calendarId: string, fields: EventFields) =>
    request<CalendarEvent>('POST', eventsPath(id, calendarId), fields),
  updateEvent: (
    id: string,
    calendarId: string,
    eventId: string,
    changes: Partial<EventFields>,
    etag: string,
  ) =>
    request<CalendarEvent>(
      'PATCH',
      `${eventsPath(id, calendarId)}/${encodeURIComponent(eventId)}`,
      changes,
      { ifMatch: etag },
    ),
  deleteEvent: (id: string, calendarId: string, eventId: string, etag: string) =>
    request<void>(
      'DELETE',
      `${eventsPath(id, calendarId)}/${encodeURIComponent(eventId)}`,
      undefined,
      { ifMatch: etag },
    ),

  /** An operator's call-detail CSV, sent as the raw body; the API reports what it read. */
  importCalls: (id: string, file: File) =>
    request<CallImportReport>(
      'POST',
      `/households/${hid(id)}/calls/import?${new URLSearchParams({ name: file.name }).toString()}`,
      // Typed as CSV whatever the browser guessed: the API refuses JSON and forms.
      new Blob([file], { type: 'text/csv' }),
    ),
  calls: (id: string, cursor: string | null) =>
    request<CallPage>(
      'GET',
      `/households/${hid(id)}/calls?${new URLSearchParams(
        cursor ? { limit: '100', cursor } : { limit: '100' },
      ).toString()}`,
    ),

  migrationTokens: (id: string) =>
    request<MigrationToken[]>('GET', `/households/${hid(id)}/migration-tokens`),
  createMigrationToken: (id: string) =>
    request<MigrationTokenCreated>('POST', `/households/${hid(id)}/migration-tokens`),
  revokeMigrationToken: (id: string, tokenId: string) =>
    request<void>(
      'DELETE',
      `/households/${hid(id)}/migration-tokens/${encodeURIComponent(tokenId)}`,
    ),

  /** Instance administrators: import a household archive, then follow the job. */
  uploadImport,
  importStatus: (importId: string) =>
    request<ImportView>('GET', `/imports/${encodeURIComponent(importId)}`),

  plans: () => request<Plans>('GET', '/plans'),
  billing: (id: string) => request<BillingOverview>('GET', `/households/${hid(id)}/billing`),
  /** A Stripe Checkout page for the plan, to send the browser to. */
  checkout: (id: string, planId: string) =>
    request<{ url: string }>('POST', `/households/${hid(id)}/billing/checkout`, { planId }),
  /** Stripe's billing portal for the household's customer. */
  billingPortal: (id: string) =>
    request<{ url: string }>('POST', `/households/${hid(id)}/billing/portal`),
  /** Where the browser downloads a file from (same origin: the session cookie goes with it). */
  downloadUrl: (id: string, path: string) =>
    `/api/v1/households/${hid(id)}/files/content${pathQuery(path)}`,
};
