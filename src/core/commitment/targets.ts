import type { Mention } from './commitment.ts';

// Quantities a commitment aims at: temperatures, net zero, percentages, money, counted things.
const targetPattern = new RegExp(
  [
    String.raw`\b\d+(?:\.\d+)?\s?(?:°|º|o|degrees?\s)\s?C(?![\p{L}])`,
    String.raw`\bnet[- ]zero(?:\s(?:greenhouse gas\s|GHG\s|carbon\s)?emissions)?\b`,
    String.raw`\bcarbon[- ]neutral(?:ity)?\b`,
    String.raw`(?:USD\s?\$?|US\$|A\$|\$|£|€|¥|JPY\s?|EUR\s?|GBP\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k|million|billion|trillion)\b)?`,
    String.raw`\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|trillion)\s(?:dollars|pounds|euros|yen|USD|EUR|GBP)\b`,
    String.raw`\b\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent\b)`,
    String.raw`\b\d[\d,]*(?:\.\d+)?\s?(?:GW|MW|TW|GWh|gigawatts?|megawatts?|tonnes?|Mt|hectares?|students|scholarships|people|jobs|doses|researchers|fellowships)\b`,
    String.raw`\d+(?:\.\d+)?(?:度|℃|％|%)`,
    String.raw`(?:ネット・ゼロ|ネットゼロ|カーボンニュートラル|温室効果ガス排出実質ゼロ)`,
    String.raw`\d[\d,]*(?:億|兆|万)(?:円|ドル|人)`,
  ].join('|'),
  'giu',
);

/**
 * The quantities in `text[start, end)` ("1.5°C", "net zero", "$40m", "30%").
 *
 * @example findTargets('keep 1.5oC within reach and reach net zero by 2050', 0, 51).map((t) => t.value) // ['1.5oC', 'net zero']
 */
export function findTargets(text: string, start: number, end: number): Mention[] {
  const slice = text.slice(start, end);
  const out: Mention[] = [];
  targetPattern.lastIndex = 0;
  for (const m of slice.matchAll(targetPattern)) {
    const value = m[0].trim();
    out.push({ value, span: { start: start + m.index, end: start + m.index + value.length } });
  }
  return out;
}
