import { useState, type FormEvent } from 'react';
import { api, work, type User } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { OneTimeSecret, ProblemMessage } from '../components/Problem.tsx';
import { Await, Message } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { atLeast } from './Assessments.tsx';

const roles = ['viewer', 'analyst', 'reviewer', 'admin'];

/** `/admin`: users (add, role, disable, reset password), API tokens, reporting cycles. */
export function Admin() {
  const { t } = useI18n();
  const { user } = useAuth();
  if (!user) return <Message>{t('problem.signIn')}</Message>;
  return (
    <>
      <h1>{t('admin.title')}</h1>
      {atLeast(user, 'admin') && <Users me={user} />}
      <Tokens />
      {atLeast(user, 'admin') && <Cycles />}
    </>
  );
}

function Users({ me }: { me: User }) {
  const { t, label } = useI18n();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(`users:${version}`, work.users);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('analyst');
  const [secret, setSecret] = useState<{ label: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await work.addUser(email.trim(), role, name.trim() || undefined);
      setSecret({
        label: t('admin.users.created', { email: created.user.email }),
        secret: created.password ?? '',
      });
      setEmail('');
      setName('');
    });
  };

  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('admin.users')}</h2>
      <Await loaded={loaded}>
        {(users) => (
          <table className="table" data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.email')}</th>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.disabled')}</th>
                <th scope="col">{t('assess.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <select
                      value={u.role}
                      aria-label={t('admin.users.roleOf', { email: u.email })}
                      disabled={u.id === me.id}
                      onChange={(e) =>
                        void run(async () => {
                          await work.updateUser(u.id, { role: e.target.value });
                        })
                      }
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {label('role', r)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      checked={u.disabled ?? false}
                      disabled={u.id === me.id}
                      aria-label={t('admin.users.disabledOf', { email: u.email })}
                      onChange={(e) =>
                        void run(async () => {
                          await work.updateUser(u.id, { disabled: e.target.checked });
                        })
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        void run(async () => {
                          const reset = await work.resetPassword(u.id);
                          setSecret({
                            label: t('admin.users.reset', { email: reset.user.email }),
                            secret: reset.password,
                          });
                        })
                      }
                    >
                      {t('admin.users.resetButton')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Await>
      {secret && <OneTimeSecret label={secret.label} secret={secret.secret} />}
      <form className="form inline" onSubmit={add} data-testid="add-user">
        <fieldset>
          <legend>{t('admin.users.add')}</legend>
          <label htmlFor="user-email">{t('admin.users.email')}</label>
          <input
            id="user-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label htmlFor="user-name">{t('admin.users.name')}</label>
          <input
            id="user-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor="user-role">{t('admin.users.role')}</label>
          <select id="user-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {label('role', r)}
              </option>
            ))}
          </select>
        </fieldset>
        <button type="submit" className="primary">
          {t('admin.users.addButton')}
        </button>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}

function Tokens() {
  const { t, date } = useI18n();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(`tokens:${version}`, work.tokens);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t('admin.tokens')}</h2>
      <p className="muted">{t('admin.tokens.intro')}</p>
      <Await loaded={loaded}>
        {(tokens) =>
          tokens.length === 0 ? (
            <p>{t('admin.tokens.empty')}</p>
          ) : (
            <table className="table" data-testid="tokens">
              <thead>
                <tr>
                  <th scope="col">{t('admin.tokens.name')}</th>
                  <th scope="col">{t('admin.tokens.created')}</th>
                  <th scope="col">{t('admin.tokens.lastUsed')}</th>
                  <th scope="col">{t('assess.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr key={tk.id}>
                    <td>{tk.name}</td>
                    <td>{date(tk.created_at)}</td>
                    <td>{tk.last_used_at ? date(tk.last_used_at) : t('common.never')}</td>
                    <td>
                      {tk.revoked_at ? (
                        t('admin.tokens.revoked', { date: date(tk.revoked_at) })
                      ) : (
                        <button
                          type="button"
                          aria-label={t('admin.tokens.revokeOf', { name: tk.name })}
                          onClick={() =>
                            void run(async () => {
                              await work.revokeToken(tk.id);
                            })
                          }
                        >
                          {t('admin.tokens.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Await>
      {secret && <OneTimeSecret label={t('admin.tokens.createdNote')} secret={secret} />}
      <form
        className="form inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setSecret((await work.addToken(name.trim())).token);
            setName('');
          });
        }}
      >
        <fieldset>
          <legend>{t('admin.tokens.add')}</legend>
          <label htmlFor="token-name">{t('admin.tokens.name')}</label>
          <input
            id="token-name"
            type="text"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </fieldset>
        <button type="submit" className="primary">
          {t('admin.tokens.addButton')}
        </button>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}

function Cycles() {
  const { t, date } = useI18n();
  const accords = useLoad('admin:accords', api.accords);
  const [accord, setAccord] = useState('');
  const [version, setVersion] = useState(0);
  const chosen = accord || (accords.state === 'ready' ? (accords.data[0]?.id ?? '') : '');
  const cycles = useLoad(`admin:cycles:${chosen}:${version}`, () =>
    chosen ? work.cycles(chosen) : Promise.resolve([]),
  );
  const [name, setName] = useState('');
  const [cutoff, setCutoff] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const cycle = await work.openCycle(chosen, name.trim(), cutoff);
      setDone(t('admin.cycles.opened', { name: cycle.name }));
      setName('');
      setCutoff('');
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="cycles-h">
      <h2 id="cycles-h">{t('admin.cycles')}</h2>
      <Await loaded={accords}>
        {(list) => (
          <div className="field">
            <label htmlFor="cycle-accord">{t('admin.cycles.accord')}</label>
            <select id="cycle-accord" value={chosen} onChange={(e) => setAccord(e.target.value)}>
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
        )}
      </Await>
      <Await loaded={cycles}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('admin.cycles.empty')}</p>
          ) : (
            <ul data-testid="cycles">
              {list.map((c) => (
                <li key={c.id}>{t('assess.cycle', { name: c.name, cutoff: date(c.cutoff) })}</li>
              ))}
            </ul>
          )
        }
      </Await>
      <form className="form inline" onSubmit={(e) => void open(e)}>
        <fieldset>
          <legend>{t('admin.cycles.open')}</legend>
          <label htmlFor="cycle-name">{t('admin.cycles.name')}</label>
          <input
            id="cycle-name"
            type="text"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor="cycle-cutoff">{t('admin.cycles.cutoff')}</label>
          <input
            id="cycle-cutoff"
            type="date"
            required
            value={cutoff}
            onChange={(e) => setCutoff(e.target.value)}
          />
        </fieldset>
        <button type="submit" className="primary" disabled={!chosen}>
          {t('admin.cycles.openButton')}
        </button>{' '}
        <span role="status">{done}</span>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}
