import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import type { AddressBook, Contact } from '../api/types';
import { Dialog } from '../components/dialog';
import { BusyButton, ErrorAlert } from '../components/forms';
import { Alert, Field, PageHeading, Spinner, TextAreaField } from '../components/ui';
import { useAction } from '../components/use-action';
import { useI18n, type ErrorOverrides } from '../i18n/i18n';
import { useHousehold } from './household-layout';

/** Typing pauses this long before a search is sent, so each key does not cost a request. */
const SEARCH_DELAY_MS = 250;

/** The household's contacts: one address book at a time, searched by name, email or phone. */
export function ContactsPage() {
  const { t, errorText } = useI18n();
  const { household, readOnly } = useHousehold();
  const bookId = useId();
  const [books, setBooks] = useState<AddressBook[] | null>(null);
  const [book, setBook] = useState('');
  const [query, setQuery] = useState('');
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Contact | null>(null);

  useEffect(() => {
    api
      .addressBooks(household.id)
      .then((found) => {
        setBooks(found);
        // The household's shared book first: it is the one a family fills together.
        setBook((found.find((item) => item.ownerUserId === null) ?? found[0])?.id ?? '');
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [household.id, errorText]);

  const search = useCallback(
    async (text: string) => {
      if (!book) return;
      try {
        setContacts((await api.contacts(household.id, book, text.trim())).items);
        setError(null);
      } catch (caught) {
        setError(errorText(caught));
      }
    },
    [household.id, book, errorText],
  );

  useEffect(() => {
    const timer = window.setTimeout(() => void search(query), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, search]);

  const current = books?.find((item) => item.id === book);
  const writable = !readOnly && (current?.writable ?? false);
  return (
    <>
      <PageHeading title={`${t('contacts.title')} · ${household.name}`}>
        {t('contacts.title')}
      </PageHeading>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ErrorAlert error={error} />
      {books === null ? (
        error ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : books.length === 0 ? (
        <p className="muted">{t('contacts.noBooks')}</p>
      ) : (
        <>
          <div className="inline-form" role="search">
            {books.length > 1 ? (
              <div className="field">
                <label htmlFor={bookId}>{t('contacts.book')}</label>
                <select id={bookId} value={book} onChange={(event) => setBook(event.target.value)}>
                  {books.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.displayName}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <Field
              label={t('contacts.search')}
              hint={t('contacts.searchHint')}
              type="search"
              name="q"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
          </div>
          <ContactList
            contacts={contacts}
            searching={query.trim() !== ''}
            onEdit={writable ? setEditing : undefined}
          />
          {writable ? (
            <NewContactForm
              householdId={household.id}
              bookId={book}
              onCreated={(name) => {
                setNotice(t('contacts.created', { name }));
                void search(query);
              }}
            />
          ) : null}
        </>
      )}
      {editing ? (
        <EditContactDialog
          householdId={household.id}
          bookId={book}
          contact={editing}
          onSaved={(name) => {
            setEditing(null);
            setNotice(t('contacts.saved', { name }));
            void search(query);
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function ContactList({
  contacts,
  searching,
  onEdit,
}: {
  contacts: Contact[] | null;
  searching: boolean;
  /** Absent: the address book is read-only for you. */
  onEdit?: (contact: Contact) => void;
}) {
  const { t } = useI18n();
  if (contacts === null) return <Spinner label={t('app.loading')} />;
  return (
    <section className="card" aria-labelledby="contact-list-title">
      <h2 id="contact-list-title">
        {searching
          ? t('contacts.found', { count: contacts.length })
          : t('contacts.all', { count: contacts.length })}
      </h2>
      {contacts.length === 0 ? (
        <p className="muted">{searching ? t('contacts.noMatch') : t('contacts.none')}</p>
      ) : (
        <ul className="invite-list contact-list">
          {contacts.map((contact) => (
            <li key={contact.id}>
              <div>
                <span className="member-name">{contact.fullName}</span>
                {contact.organisation ? (
                  <span className="muted">{contact.organisation}</span>
                ) : null}
              </div>
              <div className="contact-means">
                {contact.emails.map((email) => (
                  <a key={email} href={`mailto:${email}`}>
                    {email}
                  </a>
                ))}
                {contact.phones.map((phone) => (
                  <a key={phone} href={`tel:${phone.replace(/[^\d+]/g, '')}`}>
                    {phone}
                  </a>
                ))}
              </div>
              {onEdit ? (
                <button
                  type="button"
                  aria-label={t('contacts.editNamed', { name: contact.fullName })}
                  onClick={() => onEdit(contact)}
                >
                  {t('contacts.edit')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewContactForm({
  householdId,
  bookId,
  onCreated,
}: {
  householdId: string;
  bookId: string;
  onCreated(name: string): void;
}) {
  const { t } = useI18n();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = fullName.trim();
    const ok = await action.run(() =>
      api.createContact(householdId, bookId, {
        fullName: name,
        emails: email.trim() ? [email.trim()] : [],
        phones: phone.trim() ? [phone.trim()] : [],
      }),
    );
    if (!ok) return;
    setFullName('');
    setEmail('');
    setPhone('');
    onCreated(name);
  };
  return (
    <section className="card" aria-labelledby="new-contact-title">
      <h2 id="new-contact-title">{t('contacts.new')}</h2>
      <ErrorAlert error={action.error} />
      <form onSubmit={submit} className="inline-form" noValidate>
        <Field
          label={t('contacts.fullName')}
          name="fullName"
          autoComplete="off"
          required
          value={fullName}
          onChange={(event) => setFullName(event.target.value)}
        />
        <Field
          label={t('contacts.email')}
          type="email"
          name="contactEmail"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label={t('contacts.phone')}
          type="tel"
          name="contactPhone"
          autoComplete="off"
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
        />
        <BusyButton type="submit" busy={action.busy} label={t('contacts.add')} />
      </form>
    </section>
  );
}

/** On a contact, 412 means someone changed it since it was listed. */
const CONTACT_ERRORS: ErrorOverrides = { PRECONDITION_FAILED: 'contacts.changedMeanwhile' };

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Changes a contact's name, emails, phones and organisation, safely (If-Match). */
function EditContactDialog({
  householdId,
  bookId,
  contact,
  onSaved,
  onClose,
}: {
  householdId: string;
  bookId: string;
  contact: Contact;
  onSaved(name: string): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [current, setCurrent] = useState(contact);
  const [fullName, setFullName] = useState(contact.fullName);
  const [emails, setEmails] = useState(contact.emails.join('\n'));
  const [phones, setPhones] = useState(contact.phones.join('\n'));
  const [organisation, setOrganisation] = useState(contact.organisation ?? '');
  const action = useAction(CONTACT_ERRORS);

  const reload = async () => {
    await action.run(async () => {
      const fresh = await api.contact(householdId, bookId, contact.id);
      setCurrent(fresh);
      setFullName(fresh.fullName);
      setEmails(fresh.emails.join('\n'));
      setPhones(fresh.phones.join('\n'));
      setOrganisation(fresh.organisation ?? '');
    });
  };

  const submit = async () => {
    const name = fullName.trim();
    const ok = await action.run(() =>
      api.updateContact(
        householdId,
        bookId,
        contact.id,
        {
          fullName: name,
          emails: lines(emails),
          phones: lines(phones),
          organisation: organisation.trim() || null,
        },
        current.etag,
      ),
    );
    if (ok) onSaved(name);
  };

  return (
    <Dialog
      title={t('contacts.editTitle', { name: contact.fullName })}
      submitLabel={t('contacts.save')}
      busy={action.busy}
      error={action.error}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      {action.error && action.code === 'PRECONDITION_FAILED' ? (
        <p>
          <button type="button" onClick={() => void reload()}>
            {t('contacts.reload')}
          </button>
        </p>
      ) : null}
      <Field
        label={t('contacts.fullName')}
        name="fullName"
        autoComplete="off"
        required
        value={fullName}
        onChange={(event) => setFullName(event.target.value)}
      />
      <TextAreaField
        label={t('contacts.emails')}
        hint={t('contacts.oneALine')}
        rows={2}
        value={emails}
        onChange={(event) => setEmails(event.target.value)}
      />
      <TextAreaField
        label={t('contacts.phones')}
        hint={t('contacts.oneALine')}
        rows={2}
        value={phones}
        onChange={(event) => setPhones(event.target.value)}
      />
      <Field
        label={t('contacts.organisation')}
        name="organisation"
        autoComplete="off"
        value={organisation}
        onChange={(event) => setOrganisation(event.target.value)}
      />
    </Dialog>
  );
}
