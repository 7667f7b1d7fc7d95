import { z } from 'zod';
import { topics } from '../../core/commitment/topics.ts';
import type { CommitmentFilters } from '../../store/commitment.repository.ts';
import { isoDate } from '../http.ts';

/** Facet filters of the commitment register, as query parameters. */
export const commitmentFilterQuery = {
  section: z.string().max(100).optional(),
  topic: z.enum(topics).optional(),
  actor: z.string().max(300).optional(),
  instrument: z.string().max(300).optional(),
  deadline_from: isoDate.optional(),
  deadline_to: isoDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  include_rejected: z.enum(['true', 'false']).optional(),
};

type FilterQuery = {
  [K in keyof typeof commitmentFilterQuery]?: z.infer<(typeof commitmentFilterQuery)[K]>;
};

/** Repository filters from validated query parameters. */
export function filtersFrom(q: FilterQuery, includePrivate: boolean): CommitmentFilters {
  return {
    section: q.section,
    topic: q.topic,
    actor: q.actor,
    instrument: q.instrument,
    deadlineFrom: q.deadline_from,
    deadlineTo: q.deadline_to,
    overdueOn: q.overdue === 'true' ? new Date().toISOString().slice(0, 10) : undefined,
    includeRejected: q.include_rejected === 'true' && includePrivate,
    includePrivate,
  };
}
