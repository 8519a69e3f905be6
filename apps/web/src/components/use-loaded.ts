import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export interface Loaded<T> {
  /** null until the first answer arrives. */
  data: T | null;
  /** The words for the last load's failure; null once a load succeeds. */
  loadError: string | null;
  /** Loads again (after a change), keeping what is shown until the answer arrives. */
  reload: () => Promise<void>;
}

/**
 * Loads what a section shows when it appears, and again on demand. `fetch` must keep its identity
 * between renders (a module function such as `api.sessions`, or a `useCallback`).
 */
export function useLoaded<T>(fetch: () => Promise<T>): Loaded<T> {
  const { errorText } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setData(await fetch());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [fetch, errorText]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, loadError, reload };
}
