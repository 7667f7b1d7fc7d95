// A generated agreement of the genre with an exact number of commitments: numbered sections,
// each with a committing lead-in and its items, and deadlines of several kinds.
const topics = [
  'defence equipment',
  'cyber security',
  'critical minerals',
  'semiconductor supply chains',
  'clean energy',
  'health security',
  'space cooperation',
  'digital trade',
  'science and technology',
  'food security',
];
const verbs = ['Launch', 'Establish', 'Continue', 'Strengthen', 'Explore', 'Promote', 'Develop'];
const instruments = [
  'a ministerial dialogue',
  'a joint working group',
  'a research programme',
  'a memorandum of cooperation',
];
const deadlines = [
  ' by the end of the year',
  ' by 2026',
  ' by 2030',
  ' within two years',
  ' in the coming months',
  '',
  '',
];

/** Text of an agreement with `count` commitments (one per list item), 50 to a section. */
export function generatedAgreement(count: number): string {
  const lines = [
    'The Benchmark Accord: a generated partnership between the United Kingdom and Japan',
    '',
    'The United Kingdom and Japan share a long partnership founded on common values.',
    '',
  ];
  const perSection = 50;
  for (let s = 0; s * perSection < count; s++) {
    const topic = topics[s % topics.length]!;
    lines.push(`${s + 1}. Cooperation on ${topic} (part ${Math.floor(s / topics.length) + 1})`, '');
    lines.push(`The United Kingdom and Japan will, on ${topic}:`, '');
    for (let i = 0; i < perSection && s * perSection + i < count; i++) {
      const n = s * perSection + i;
      const verb = verbs[n % verbs.length]!;
      const what = instruments[(n >> 1) % instruments.length]!;
      const by = deadlines[n % deadlines.length]!;
      lines.push(`- ${verb} ${what} on ${topic}, item ${n + 1}${by}.`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
