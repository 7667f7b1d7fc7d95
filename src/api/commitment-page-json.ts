import fastJson from 'fast-json-stringify';

const nullableString = { anyOf: [{ type: 'string' as const }, { type: 'null' as const }] };
const strings = { type: 'array' as const, items: { type: 'string' as const } };

/**
 * A register page as JSON, compiled from its schema: several times faster than JSON.stringify
 * for the largest and most frequent response of the API.
 */
export const commitmentPageJson = fastJson({
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          agreement: { type: 'string' },
          version: { type: 'string' },
          eid: { type: 'string' },
          section: { type: 'string' },
          text: { type: 'string' },
          span: {
            type: 'object',
            properties: { start: { type: 'integer' }, end: { type: 'integer' } },
          },
          deadline: {
            anyOf: [
              { type: 'null' },
              {
                type: 'object',
                properties: {
                  date: nullableString,
                  precision: nullableString,
                  phrase: nullableString,
                },
              },
            ],
          },
          actors: strings,
          instruments: strings,
          targets: strings,
          topics: strings,
          strength: { type: 'string' },
          kind: { type: 'string' },
          origin: { type: 'string' },
          state: { type: 'string' },
          etag: { type: 'string' },
        },
      },
    },
    next: nullableString,
  },
});
