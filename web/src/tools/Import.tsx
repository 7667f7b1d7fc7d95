import { useState, type ChangeEvent, type FormEvent } from 'react';
import {
  getAll,
  work,
  type Commitment,
  type Extracted,
  type ExtractedCommitment,
  type ImportInput,
} from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { sectionName } from '../format.ts';
import { navigate } from '../router.tsx';
import { ProblemMessage } from '../components/Problem.tsx';

type Format = ImportInput['format'];
const formats: Format[] = ['text', 'markdown', 'html', 'pdf'];
const strengths = ['firm', 'continuing', 'exploratory'];

function formatOf(name: string): Format {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (ext === 'pdf') return 'pdf';
  return 'text';
}

/** A file's bytes as base64, so that a PDF travels intact. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });
}

/** What the analyst changed in the preview, applied to the saved register as corrections. */
interface Correction {
  keep: boolean;
  date: string;
  strength: string;
}

/**
 * `/import`: upload a file or paste text, give the agreement's title, parties, signing date and
 * language, preview the extracted register, correct it (drop false finds, fix a deadline or a
 * strength), then save. The corrections are applied after the import through the same API as
 * later corrections, so each one is an event in the history.
 */
export function Import() {
  const { t, label } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [format, setFormat] = useState<Format>('text');
  const [title, setTitle] = useState('');
  const [parties, setParties] = useState('');
  const [signed, setSigned] = useState('');
  const [place, setPlace] = useState('');
  const [language, setLanguage] = useState<'' | 'en' | 'ja'>('');
  const [preview, setPreview] = useState<Extracted | null>(null);
  const [corrections, setCorrections] = useState<Record<string, Correction>>({});
  const [busy, setBusy] = useState<null | 'extract' | 'save'>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState('');

  const input = async (): Promise<ImportInput> => {
    const codes = parties
      .split(/[\s,、]+/)
      .map((p) => p.trim().toUpperCase())
      .filter(Boolean);
    const base = {
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(codes.length ? { parties: codes } : {}),
      ...(signed ? { signed } : {}),
      ...(language ? { language } : {}),
    };
    if (file) return { ...base, text: await readBase64(file), encoding: 'base64', format };
    return { ...base, text: pasted, encoding: 'utf8', format };
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    if (chosen) setFormat(formatOf(chosen.name));
    setPreview(null);
  };

  const extract = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('extract');
    setError(null);
    try {
      const result = await work.extract(await input());
      setPreview(result);
      setCorrections(
        Object.fromEntries(
          result.commitments.map((c) => [
            c.eid,
            { keep: true, date: c.deadline?.date ?? '', strength: c.strength },
          ]),
        ),
      );
      if (!title && result.accord.title) setTitle(result.accord.title);
      if (!parties && result.accord.parties.length) setParties(result.accord.parties.join(', '));
      if (!language && (result.accord.language === 'en' || result.accord.language === 'ja'))
        setLanguage(result.accord.language);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!preview) return;
    setBusy('save');
    setError(null);
    try {
      setProgress(t('import.saving'));
      const body = await input();
      const imported = await work.importAccord({
        ...body,
        ...(place.trim() ? { place: place.trim() } : {}),
      });
      const saved = await getAll<Commitment>(`/api/accords/${imported.id}/commitments`);
      const byEid = new Map(saved.map((c) => [c.eid, c]));
      const todo = preview.commitments.filter((c) => changed(c, corrections[c.eid]));
      let done = 0;
      for (const c of todo) {
        const fix = corrections[c.eid]!;
        const row = byEid.get(c.eid);
        if (!row) continue;
        setProgress(t('import.correcting', { done: ++done, total: todo.length }));
        if (!fix.keep) {
          await work.rejectCommitment(row.id, t('import.rejectReason'), row.etag);
          continue;
        }
        const patch: Record<string, unknown> = {};
        if (fix.strength !== c.strength) patch.strength = fix.strength;
        if (fix.date !== (c.deadline?.date ?? ''))
          patch.deadline = fix.date
            ? { date: fix.date, precision: 'day', phrase: c.deadline?.phrase ?? fix.date }
            : null;
        await work.editCommitment(row.id, patch, row.etag);
      }
      navigate(`/a/${encodeURIComponent(imported.slug)}/register`);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(e);
      setBusy(null);
      setProgress('');
    }
  };

  const set = (eid: string, change: Partial<Correction>) =>
    setCorrections((all) => ({ ...all, [eid]: { ...all[eid]!, ...change } }));

  const kept = preview ? preview.commitments.filter((c) => corrections[c.eid]?.keep).length : 0;
  const edits = preview
    ? preview.commitments.filter((c) => changed(c, corrections[c.eid])).length
    : 0;

  return (
    <>
      <h1>{t('import.title')}</h1>
      <p className="lead">{t('import.intro')}</p>
      <form className="form wide" onSubmit={(e) => void extract(e)} data-testid="import-form">
        <fieldset>
          <legend>{t('import.source')}</legend>
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".txt,.text,.md,.markdown,.html,.htm,.xhtml,.pdf"
            onChange={onFile}
          />
          <label htmlFor="import-text">{t('import.paste')}</label>
          <textarea
            id="import-text"
            rows={8}
            value={pasted}
            disabled={file !== null}
            onChange={(e) => {
              setPasted(e.target.value);
              setPreview(null);
            }}
          />
          <label htmlFor="import-format">{t('import.format')}</label>
          <select
            id="import-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as Format)}
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {t(`import.format.${f}`)}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>{t('import.details')}</legend>
          <label htmlFor="import-title">{t('import.accordTitle')}</label>
          <input
            id="import-title"
            type="text"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <label htmlFor="import-parties">{t('import.parties')}</label>
          <input
            id="import-parties"
            type="text"
            value={parties}
            aria-describedby="import-parties-help"
            onChange={(e) => setParties(e.target.value)}
          />
          <p id="import-parties-help" className="help">
            {t('import.partiesHelp')}
          </p>
          <label htmlFor="import-signed">{t('import.signed')}</label>
          <input
            id="import-signed"
            type="date"
            value={signed}
            onChange={(e) => setSigned(e.target.value)}
          />
          <label htmlFor="import-place">{t('import.place')}</label>
          <input
            id="import-place"
            type="text"
            value={place}
            onChange={(e) => setPlace(e.target.value)}
          />
          <label htmlFor="import-language">{t('import.language')}</label>
          <select
            id="import-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as '' | 'en' | 'ja')}
          >
            <option value="">{t('import.language.detect')}</option>
            <option value="en">English</option>
            <option value="ja" lang="ja">
              日本語
            </option>
          </select>
        </fieldset>
        <button type="submit" disabled={busy !== null || (!file && !pasted.trim())}>
          {busy === 'extract' ? t('import.extracting') : t('import.extract')}
        </button>
      </form>
      <ProblemMessage error={error} />
      {preview && (
        <section aria-labelledby="preview-h" data-testid="import-preview">
          <h2 id="preview-h">{t('import.preview')}</h2>
          <p role="status">
            {t('import.previewCount', {
              found: preview.commitments.length,
              kept,
              edits,
              sections: preview.sections.length,
            })}
          </p>
          {preview.diagnostics.length > 0 && (
            <ul className="diagnostics">
              {preview.diagnostics.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          <div className="table-wrap">
            <table className="table preview">
              <caption className="visually-hidden">{t('import.previewCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.col.keep')}</th>
                  <th scope="col">{t('register.col.section')}</th>
                  <th scope="col">{t('register.col.text')}</th>
                  <th scope="col">{t('register.col.deadline')}</th>
                  <th scope="col">{t('register.col.strength')}</th>
                  <th scope="col">{t('register.col.topics')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.commitments.map((c, i) => {
                  const fix = corrections[c.eid];
                  if (!fix) return null;
                  return (
                    <tr key={c.eid} className={fix.keep ? undefined : 'dropped'} data-eid={c.eid}>
                      <td>
                        <input
                          type="checkbox"
                          checked={fix.keep}
                          aria-label={t('import.keep', { n: i + 1 })}
                          onChange={(e) => set(c.eid, { keep: e.target.checked })}
                        />
                      </td>
                      <td>{sectionName(t, c.section)}</td>
                      <td>
                        {c.text}
                        {c.deadline?.phrase && (
                          <span className="muted"> (“{c.deadline.phrase}”)</span>
                        )}
                      </td>
                      <td>
                        <input
                          type="date"
                          value={fix.date}
                          aria-label={t('import.deadlineOf', { n: i + 1 })}
                          disabled={!fix.keep}
                          onChange={(e) => set(c.eid, { date: e.target.value })}
                        />
                      </td>
                      <td>
                        <select
                          value={fix.strength}
                          aria-label={t('import.strengthOf', { n: i + 1 })}
                          disabled={!fix.keep}
                          onChange={(e) => set(c.eid, { strength: e.target.value })}
                        >
                          {strengths.map((s) => (
                            <option key={s} value={s}>
                              {label('strength', s)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{c.topics.map((x) => label('topic', x)).join(t('common.separator'))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <button
              type="button"
              className="primary"
              disabled={busy !== null}
              onClick={() => void save()}
            >
              {t('import.save', { count: kept })}
            </button>{' '}
            <span role="status">{progress}</span>
          </p>
        </section>
      )}
    </>
  );
}

function changed(c: ExtractedCommitment, fix: Correction | undefined): boolean {
  if (!fix) return false;
  return !fix.keep || fix.strength !== c.strength || fix.date !== (c.deadline?.date ?? '');
}
