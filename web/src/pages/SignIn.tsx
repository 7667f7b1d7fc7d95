import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** `/signin`: email and password; the session is a cookie, the CSRF token stays in memory. */
export function SignIn() {
  const { t } = useI18n();
  const { user, signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(email, password).then(
      () => {
        setPassword('');
        setBusy(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      },
    );
  };

  return (
    <>
      <h1>{t('signin.title')}</h1>
      {user ? (
        <p role="status">{t('signin.done', { email: user.email })}</p>
      ) : (
        <form className="form" onSubmit={submit}>
          <label htmlFor="signin-email">{t('signin.email')}</label>
          <input
            id="signin-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label htmlFor="signin-password">{t('signin.password')}</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" disabled={busy}>
            {t('signin.submit')}
          </button>
          {error && (
            <p className="error" role="alert">
              {t('signin.failed', { message: error })}
            </p>
          )}
        </form>
      )}
    </>
  );
}
