import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, type User } from './api.ts';

interface Auth {
  user: User | null;
  signIn: (email: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
}

const Context = createContext<Auth | null>(null);

/** Who is signed in. The CSRF token stays in memory (api.ts), never in storage. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => {
        if (!live) return;
        setCsrfToken(me.csrfToken);
        setUser(me.user);
      },
      () => undefined, // not signed in: a visitor
    );
    return () => {
      live = false;
    };
  }, []);
  const value = useMemo<Auth>(
    () => ({
      user,
      signIn: async (email, password) => {
        const answer = await api.login(email, password);
        setCsrfToken(answer.csrfToken);
        setUser(answer.user);
        return answer.user;
      },
      signOut: async () => {
        await api.logout();
        setCsrfToken(null);
        setUser(null);
      },
    }),
    [user],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(Context);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
