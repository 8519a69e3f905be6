import { useEffect, useId, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './forms';

interface DialogProps {
  title: string;
  /** The primary button's words. */
  submitLabel: string;
  busy: boolean;
  error: string | null;
  danger?: boolean;
  onSubmit(): void;
  onClose(): void;
  children?: ReactNode;
}

/**
 * A modal form on the native <dialog>: the browser keeps the focus inside it, Escape closes it,
 * and the focus goes back where it was. Shown while it is rendered.
 */
export function Dialog({
  title,
  submitLabel,
  busy,
  error,
  danger,
  onSubmit,
  onClose,
  children,
}: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: React decides, so the dialog closes by being unrendered.
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        <ErrorAlert error={error} />
        {children}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? t('form.working') : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
