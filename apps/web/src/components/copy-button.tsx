import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';

const SHOWN_MS = 2500;

/** Copies `text` to the clipboard, and says whether it worked (where a screen reader hears it). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    if (!outcome) return;
    const timer = window.setTimeout(() => setOutcome(null), SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [outcome]);

  const copy = () =>
    navigator.clipboard
      .writeText(text)
      .then(() => setOutcome('copied'))
      // Refused (no permission, not a secure page): the text is on the page to select by hand.
      .catch(() => setOutcome('failed'));

  return (
    <span className="copy">
      {/* The words stay "Copy" (the name starts with them); the outcome is said beside. */}
      <button type="button" className="copy-button" aria-label={label} onClick={() => void copy()}>
        {t('copy.copy')}
      </button>
      <span role="status" className={outcome === 'failed' ? 'hint' : 'copy-done'}>
        {outcome === 'copied' ? t('copy.done') : outcome === 'failed' ? t('copy.failed') : ''}
      </span>
    </span>
  );
}
