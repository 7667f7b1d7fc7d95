import { useEffect, useRef, type ReactNode } from 'react';
import { Message } from '../components/Status.tsx';
import { languages, useI18n, type Lang } from '../i18n/i18n.tsx';
import { AccordList } from '../pages/AccordList.tsx';
import { AccordPages } from '../pages/AccordPages.tsx';
import { CommitmentPage } from '../pages/CommitmentPage.tsx';
import { PathsProvider, portalPaths } from '../paths.tsx';
import { Link, match, useLocation } from '../router.tsx';

const languageNames: Record<Lang, string> = { en: 'English', ja: '日本語' };

/**
 * The public portal: the agreements, their overview, register, text and timeline, and each
 * commitment, read-only and with approved assessments only. Citable URLs:
 * `/p/:slug` (an agreement), `/p/:slug/register|read|timeline`, `/p/:slug/c/:id` (a commitment).
 */
export function Portal() {
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  let page: ReactNode;
  let params: Record<string, string> | null;
  if (path === '/p' || path === '/p/') page = <AccordList />;
  else if ((params = match('/p/:slug', path)))
    page = <AccordPages slug={params.slug!} view="overview" />;
  else if ((params = match('/p/:slug/register', path)))
    page = <AccordPages slug={params.slug!} view="register" />;
  else if ((params = match('/p/:slug/read', path)))
    page = <AccordPages slug={params.slug!} view="read" />;
  else if ((params = match('/p/:slug/timeline', path)))
    page = <AccordPages slug={params.slug!} view="timeline" />;
  else if ((params = match('/p/:slug/c/:id', path)))
    page = <CommitmentPage id={params.id!} slug={params.slug} />;
  else page = <Message>{t('common.notFound')}</Message>;

  return (
    <PathsProvider paths={portalPaths}>
      <header className="site-header portal">
        <a className="skip" href="#main">
          {t('app.skip')}
        </a>
        <Link to="/p" className="brand">
          {t('portal.name')}
        </Link>
        <nav aria-label={t('nav.main')} className="main-nav">
          <Link to="/p">{t('nav.agreements')}</Link>
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
          <a href="/signin">{t('portal.members')}</a>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <p className="portal-note">{t('portal.note')}</p>
        {page}
      </main>
    </PathsProvider>
  );
}
