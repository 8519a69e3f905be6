import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Runs one API action at a time and keeps its error, in words. */
export function useAction() {
  const { errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    /** True when the action succeeded; the action itself keeps what it got. */
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (caught) {
        setError(errorText(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [errorText],
  );
  return { busy, error, setError, run };
}
