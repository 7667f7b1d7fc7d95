import { useState, type FormEvent } from 'react';
import { work, type Evidence } from '../api.ts';
import { ProblemMessage } from '../components/Problem.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const kinds = [
  'press_release',
  'treaty_text',
  'news_report',
  'parliamentary_record',
  'official_statement',
  'other',
];

/** Records an item of evidence (URL, date, publisher, excerpt) linked to commitments. */
export function EvidenceForm({
  commitment,
  onSaved,
}: {
  /** The commitment the form is on, always linked. */
  commitment?: string;
  onSaved: (evidence: Evidence) => void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [published, setPublished] = useState('');
  const [publisher, setPublisher] = useState('');
  const [kind, setKind] = useState('');
  const [language, setLanguage] = useState<'' | 'en' | 'ja'>('');
  const [excerpt, setExcerpt] = useState('');
  const [others, setOthers] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone('');
    const linked = [
      ...(commitment ? [commitment] : []),
      ...others
        .split(/[\s,、]+/)
        .map((x) => x.trim())
        .filter((x) => /^\d+$/.test(x) && x !== commitment),
    ];
    try {
      const saved = await work.addEvidence({
        title: title.trim(),
        url: url.trim() || null,
        published,
        publisher: publisher.trim() || null,
        ...(excerpt.trim() ? { excerpt } : {}),
        ...(kind ? { kind } : {}),
        ...(language ? { language } : {}),
        commitments: linked,
      });
      setTitle('');
      setUrl('');
      setPublished('');
      setPublisher('');
      setExcerpt('');
      setOthers('');
      setKind('');
      setLanguage('');
      setDone(t('evidence.saved', { title: saved.title }));
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form wide" onSubmit={(e) => void submit(e)} data-testid="evidence-form">
      <fieldset>
        <legend>{t('evidence.add')}</legend>
        <label htmlFor="ev-title">{t('evidence.titleField')}</label>
        <input
          id="ev-title"
          type="text"
          required
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="ev-url">{t('evidence.url')}</label>
        <input
          id="ev-url"
          type="url"
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <label htmlFor="ev-date">{t('evidence.published')}</label>
        <input
          id="ev-date"
          type="date"
          required
          value={published}
          onChange={(e) => setPublished(e.target.value)}
        />
        <label htmlFor="ev-publisher">{t('evidence.publisher')}</label>
        <input
          id="ev-publisher"
          type="text"
          value={publisher}
          onChange={(e) => setPublisher(e.target.value)}
        />
        <label htmlFor="ev-kind">{t('evidence.kind')}</label>
        <select id="ev-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('common.unspecified')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`evidenceKind.${k}` as 'evidenceKind.other')}
            </option>
          ))}
        </select>
        <label htmlFor="ev-language">{t('evidence.language')}</label>
        <select
          id="ev-language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as '' | 'en' | 'ja')}
        >
          <option value="">{t('common.unspecified')}</option>
          <option value="en">English</option>
          <option value="ja" lang="ja">
            日本語
          </option>
        </select>
        <label htmlFor="ev-excerpt">{t('evidence.excerpt')}</label>
        <textarea
          id="ev-excerpt"
          rows={4}
          value={excerpt}
          onChange={(e) => setExcerpt(e.target.value)}
        />
        <label htmlFor="ev-links">
          {commitment ? t('evidence.otherLinks') : t('evidence.links')}
        </label>
        <input
          id="ev-links"
          type="text"
          inputMode="numeric"
          aria-describedby="ev-links-help"
          value={others}
          onChange={(e) => setOthers(e.target.value)}
        />
        <p id="ev-links-help" className="help">
          {t('evidence.linksHelp')}
        </p>
      </fieldset>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('evidence.save')}
        </button>
        <span role="status">{done}</span>
      </div>
      <ProblemMessage error={error} />
    </form>
  );
}
