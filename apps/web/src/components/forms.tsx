import type { ButtonHTMLAttributes, ComponentProps, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Alert, Field, PageHeading } from './ui';

/** A narrow card of its own page, its title the page's h1. */
export function NarrowCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card narrow">
      <PageHeading title={title}>{title}</PageHeading>
      {children}
    </section>
  );
}

/** The error of the last action, announced at once; nothing without one. */
export function ErrorAlert({ error }: { error: string | null }) {
  return error ? <Alert kind="error">{error}</Alert> : null;
}

interface BusyButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  busy: boolean;
  label: string;
}

/** The primary button of an action: disabled, and saying so, while the action runs. */
export function BusyButton({ busy, label, ...button }: BusyButtonProps) {
  const { t } = useI18n();
  return (
    <button className="primary" disabled={busy} {...button}>
      {busy ? t('form.working') : label}
    </button>
  );
}

type TextFieldProps = Omit<ComponentProps<typeof Field>, 'label' | 'value' | 'onChange'> & {
  label?: string;
  value: string;
  onValue: (value: string) => void;
};

/** A field whose value is a string held by the caller. */
function ValueField({ onValue, ...input }: TextFieldProps & { label: string }) {
  return <Field {...input} onChange={(event) => onValue(event.target.value)} />;
}

export function EmailField({ label, ...input }: TextFieldProps) {
  const { t } = useI18n();
  const email = label ?? t('form.email');
  return (
    <ValueField label={email} type="email" name="email" autoComplete="email" required {...input} />
  );
}

/** The password of a sign-in. */
export function PasswordField({ label, ...input }: TextFieldProps) {
  const { t } = useI18n();
  const password = label ?? t('form.password');
  return (
    <ValueField
      label={password}
      type="password"
      name="password"
      autoComplete="current-password"
      required
      {...input}
    />
  );
}

/** A password being chosen, with the rules it must follow. */
export function NewPasswordField({ label, ...input }: TextFieldProps) {
  const { t } = useI18n();
  return (
    <PasswordField
      label={label ?? t('form.password')}
      hint={t('form.passwordHint')}
      autoComplete="new-password"
      minLength={10}
      {...input}
    />
  );
}

export interface NewAccount {
  displayName: string;
  email: string;
  password: string;
}

export const NO_ACCOUNT: NewAccount = { displayName: '', email: '', password: '' };

/** The name, email and password of an account being created. */
export function NewAccountFields({
  account,
  onChange,
}: {
  account: NewAccount;
  onChange: (account: NewAccount) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('form.displayName')}
        name="displayName"
        autoComplete="name"
        required
        maxLength={100}
        value={account.displayName}
        onChange={(event) => onChange({ ...account, displayName: event.target.value })}
      />
      <EmailField value={account.email} onValue={(email) => onChange({ ...account, email })} />
      <NewPasswordField
        value={account.password}
        onValue={(password) => onChange({ ...account, password })}
      />
    </>
  );
}
