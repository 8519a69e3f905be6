import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError } from './api/client';
import type { Me } from './api/types';

interface Session {
  /** undefined while the first check runs; null when signed out. */
  me: Me | null | undefined;
  refresh(): Promise<Me | null>;
  signIn(email: string, password: string): Promise<Me | null>;
  signOut(): Promise<void>;
  /** Drops the session locally, when the server already ended it. */
  forget(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in, from `GET /api/v1/me` with the httpOnly session cookie. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const current = await api.me();
      setMe(current);
      return current;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setMe(null);
        return null;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMe(null));
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({
      me,
      refresh,
      signIn: async (email, password) => {
        await api.login({ email, password });
        return refresh();
      },
      signOut: async () => {
        await api.logout().catch(() => undefined);
      },
      forget: () => setMe(null),
    }),
    [me, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}
