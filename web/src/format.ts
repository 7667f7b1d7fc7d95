import type { Assessment, Commitment, Section } from './api.ts';
import type { Translate } from './i18n/i18n.tsx';

/** "Preamble" or "Section 2", in the reader's language. */
export function sectionName(t: Translate, section: string): string {
  return section === 'preamble' ? t('section.preamble') : t('section.number', { number: section });
}

/** "2. Economic Prosperity …" from the agreement's sections, or the short name. */
export function sectionTitle(t: Translate, section: string, sections: readonly Section[]): string {
  const found = sections.find((s) => s.number === section || s.id === section);
  if (found?.heading) return found.number ? `${found.number}. ${found.heading}` : found.heading;
  return sectionName(t, section);
}

/** The deadline's date if it has one, else its words. */
export function deadlineText(date: (iso: string) => string, c: Commitment): string {
  if (!c.deadline) return '';
  if (c.deadline.date) return date(c.deadline.date);
  return c.deadline.phrase ?? '';
}

export function isOverdue(c: Commitment, today: string): boolean {
  return c.deadline?.date != null && c.deadline.date < today;
}

/** The status of the latest approved assessment of each commitment. */
export function latestStatus(assessments: readonly Assessment[]): Map<string, string> {
  const latest = new Map<string, Assessment>();
  for (const a of assessments) {
    const seen = latest.get(a.commitment);
    if (!seen || (a.decided_at ?? '') >= (seen.decided_at ?? '')) latest.set(a.commitment, a);
  }
  return new Map([...latest].map(([id, a]) => [id, a.status]));
}
