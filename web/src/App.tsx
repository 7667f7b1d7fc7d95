import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { AuthProvider, useAuth } from './auth.tsx';
import { languages, useI18n, type Lang } from './i18n/i18n.tsx';
import { AccordList } from './pages/AccordList.tsx';
import { AccordPages } from './pages/AccordPages.tsx';
import { CommitmentPage } from './pages/CommitmentPage.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Link, match, useLocation } from './router.tsx';
import { Message } from './components/Status.tsx';
import { atLeast } from './tools/Assessments.tsx';

// The signed-in screens load on demand: a visitor reading an agreement never downloads them.
const Import = lazy(() => import('./tools/Import.tsx').then((m) => ({ default: m.Import })));
const Review = lazy(() => import('./tools/Review.tsx').then((m) => ({ default: m.Review })));
const Admin = lazy(() => import('./tools/Admin.tsx').then((m) => ({ default: m.Admin })));
const Inbox = lazy(() => import('./tools/Inbox.tsx').then((m) => ({ default: m.Inbox })));
const EvidencePage = lazy(() =>
  import('./tools/EvidencePage.tsx').then((m) => ({ default: m.EvidencePage })),
);
const CommitmentTools = lazy(() =>
  import('./tools/CommitmentTools.tsx').then((m) => ({ default: m.CommitmentTools })),
);

function Tools(props: Parameters<typeof CommitmentTools>[0]) {
  return (
    <Suspense fallback={null}>
      <CommitmentTools {...props} />
    </Suspense>
  );
}

const languageNames: Record<Lang, string> = { en: 'English', ja: '日本語' };

function Header() {
  const { t, lang, setLang, label } = useI18n();
  const { user, signOut } = useAuth();
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      <nav aria-label={t('nav.main')} className="main-nav">
        <Link to="/">{t('nav.agreements')}</Link>
        {atLeast(user, 'analyst') && <Link to="/import">{t('nav.import')}</Link>}
        {user && <Link to="/evidence">{t('nav.evidence')}</Link>}
        {atLeast(user, 'analyst') && <Link to="/inbox">{t('nav.inbox')}</Link>}
        {atLeast(user, 'reviewer') && <Link to="/review">{t('nav.review')}</Link>}
        {user && <Link to="/admin">{t('nav.admin')}</Link>}
        <a href="/p">{t('nav.portal')}</a>
      </nav>
      <div className="header-tools">
        <label>
          <span>{t('lang.label')}</span>{' '}
          <select
            value={lang}
            onChange={(e) => setLang(e.target.value === 'ja' ? 'ja' : 'en')}
            data-testid="language"
          >
            {languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageNames[l]}
              </option>
            ))}
          </select>
        </label>
        {user ? (
          <>
            <span className="who">
              {t('nav.signedInAs', { email: user.email, role: label('role', user.role) })}
            </span>
            <button type="button" onClick={() => void signOut()}>
              {t('nav.signout')}
            </button>
          </>
        ) : (
          <Link to="/signin">{t('nav.signin')}</Link>
        )}
      </div>
    </header>
  );
}

function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  let page: ReactNode;
  let params: Record<string, string> | null;
  if (path === '/') page = <AccordList />;
  else if (path === '/signin') page = <SignIn />;
  else if ((params = match('/a/:slug', path)))
    page = <AccordPages slug={params.slug!} view="overview" />;
  else if ((params = match('/a/:slug/register', path)))
    page = <AccordPages slug={params.slug!} view="register" />;
  else if ((params = match('/a/:slug/read', path)))
    page = <AccordPages slug={params.slug!} view="read" />;
  else if ((params = match('/a/:slug/timeline', path)))
    page = <AccordPages slug={params.slug!} view="timeline" />;
  else if ((params = match('/c/:id', path)))
    page = <CommitmentPage id={params.id!} tools={Tools} />;
  else if (path === '/import') page = <Import />;
  else if (path === '/review') page = <Review />;
  else if (path === '/admin') page = <Admin />;
  else if (path === '/evidence') page = <EvidencePage />;
  else if (path === '/inbox') page = <Inbox />;
  else page = <Message>{t('common.notFound')}</Message>;
  return <Suspense fallback={<Message>{t('common.loading')}</Message>}>{page}</Suspense>;
}

export function App() {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation inside the app, move focus to the new content (as a page load would).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  return (
    <AuthProvider>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        <Routes />
      </main>
    </AuthProvider>
  );
}
