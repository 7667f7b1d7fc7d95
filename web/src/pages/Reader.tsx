import { useEffect, useMemo, type ReactNode } from 'react';
import { api, type Commitment } from '../api.ts';
import { BlockElement, groupItems } from '../components/TextBlocks.tsx';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { latestStatus } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { layoutText, segments, type TextBlock } from '../layout.ts';
import { usePaths } from '../paths.tsx';
import { Link } from '../router.tsx';
import type { AccordData } from './AccordPages.tsx';

const legendStatuses = [
  'achieved',
  'partially_achieved',
  'in_progress',
  'not_started',
  'off_track',
];

/** `/a/:slug/read`: the full text laid out as the original, every commitment marked and linked. */
export function Reader({ data }: { data: AccordData }) {
  const { t, label } = useI18n();
  const { accord, commitments } = data;
  const loaded = useLoad(`read:${accord.id}`, async () => {
    const [text, assessments] = await Promise.all([
      api.text(accord.id),
      api.approvedAssessments(accord.id),
    ]);
    return { text, status: latestStatus(assessments) };
  });

  // A link to /a/:slug/read#c-ID scrolls to that commitment once the text is there.
  const ready = loaded.state === 'ready';
  useEffect(() => {
    if (!ready || !window.location.hash) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [ready]);

  return (
    <Await loaded={loaded}>
      {({ text, status }) => (
        <ReaderText
          text={text.text}
          blocks={layoutText(text.text, text.hints)}
          commitments={commitments}
          status={status}
          language={accord.language}
          slug={accord.slug}
        >
          <h2>{t('reader.title')}</h2>
          <p className="muted">{t('reader.legend')}</p>
          <ul className="legend">
            <li>
              <mark className="status-none">{t('reader.unassessed')}</mark>
            </li>
            {legendStatuses.map((s) => (
              <li key={s}>
                <mark className={`status-${s}`}>{label('status', s)}</mark>
              </li>
            ))}
          </ul>
        </ReaderText>
      )}
    </Await>
  );
}

function ReaderText({
  text,
  blocks,
  commitments,
  status,
  children,
  language,
  slug,
}: {
  text: string;
  blocks: TextBlock[];
  commitments: Commitment[];
  status: Map<string, string>;
  children: ReactNode;
  language: string;
  slug: string;
}) {
  const { t } = useI18n();
  const paths = usePaths();
  const groups = useMemo(() => groupItems(blocks), [blocks]);
  const render = (b: TextBlock) => (
    <BlockElement key={b.start} block={b}>
      {segments(text, b.start, b.end, commitments).map((s) =>
        s.mark ? (
          <mark
            key={s.start}
            id={s.start === s.mark.span.start ? `c-${s.mark.id}` : undefined}
            className={`status-${status.get(s.mark.id) ?? 'none'}`}
            data-commitment={s.mark.id}
          >
            <Link
              to={paths.commitment(s.mark.id, slug)}
              title={t('reader.open', { id: s.mark.id })}
            >
              {s.text}
            </Link>
          </mark>
        ) : (
          <span key={s.start}>{s.text}</span>
        ),
      )}
    </BlockElement>
  );
  return (
    <>
      {children}
      <article className="reader" lang={language} data-testid="reader">
        {groups.map((g) =>
          Array.isArray(g) ? <ul key={g[0]!.start}>{g.map(render)}</ul> : render(g),
        )}
      </article>
    </>
  );
}
