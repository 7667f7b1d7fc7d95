import { partyName } from '../agreement/parties.ts';
import { learnAcronyms } from './acronyms.ts';
import type { Commitment } from './commitment.ts';
import { findDeadline } from './deadlines.ts';
import { findEntities } from './entities.ts';
import { classifyCommitment } from './markers-en.ts';
import { findTargets } from './targets.ts';
import { findTopics } from './topics.ts';

export type SpanAttributes = Pick<
  Commitment,
  'deadline' | 'actors' | 'instruments' | 'targets' | 'topics' | 'strength' | 'kind'
>;

/**
 * Reads the attributes of any span of an agreement's text, as the extractor does for the
 * commitments it finds: used when an analyst adds, splits or merges commitments.
 *
 * @example analyseSpan(text, 0, 40, { signed: '2023-05-18', parties: ['GB'] }).deadline
 */
export function analyseSpan(
  text: string,
  start: number,
  end: number,
  options: { signed: string | null; parties: string[] },
): SpanAttributes {
  const entities = findEntities(text, start, end, learnAcronyms(text));
  const words = text.slice(start, end);
  const action = words.replace(/^.*?\b(?:will|shall|commit(?:s)? to|intends? to)\s+/i, '');
  return {
    deadline: findDeadline(text, start, end, options.signed),
    actors: [
      ...options.parties.map((code) => ({ value: partyName(code), span: { start, end } })),
      ...entities.actors,
    ],
    instruments: entities.instruments,
    targets: findTargets(text, start, end),
    topics: findTopics(words),
    ...classifyCommitment('will', action),
  };
}
