import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import { useI18n, type ErrorOverrides } from '../i18n/i18n';

/**
 * Runs one API action at a time and keeps its error, in words; `overrides` words some codes for
 * this action (a module-level constant, so it stays the same object).
 */
export function useAction(overrides?: ErrorOverrides) {
  const { errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The code of the last refusal, for a page to offer what fits (reload after a 412). */
  const [code, setCode] = useState<string | null>(null);
  const run = useCallback(
    /** True when the action succeeded; the action itself keeps what it got. */
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setCode(null);
      try {
        await action();
        return true;
      } catch (caught) {
        setError(errorText(caught, overrides));
        setCode(caught instanceof ApiError ? caught.code : null);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [errorText, overrides],
  );
  return { busy, error, setError, code, run };
}
