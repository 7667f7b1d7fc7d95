import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
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
  const [mustChange, setMustChange] = useState<string | null>(null);
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(email, password).then(
      (signedIn) => {
        // A one-time password (a new account, a reset) is replaced at once.
        if (signedIn.must_change_password) setMustChange(password);
        setPassword('');
        setBusy(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      },
    );
  };

  const change = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api.changePassword(mustChange ?? '', next).then(
      () => {
        setMustChange(null);
        setNext('');
        setChanged(true);
        setBusy(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      },
    );
  };

  if (user && mustChange !== null)
    return (
      <>
        <h1>{t('signin.changeTitle')}</h1>
        <p>{t('signin.changeIntro')}</p>
        <form className="form" onSubmit={change}>
          <label htmlFor="signin-next">{t('signin.newPassword')}</label>
          <input
            id="signin-next"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <button type="submit" disabled={busy}>
            {t('signin.changeSubmit')}
          </button>
          {error && (
            <p className="error" role="alert">
              {t('common.error', { message: error })}
            </p>
          )}
        </form>
      </>
    );

  return (
    <>
      <h1>{t('signin.title')}</h1>
      {changed && <p role="status">{t('signin.changed')}</p>}
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
