/**
 * Countries and groups that can be parties to an agreement, named as the genre names them.
 * Country names come from the ICU data in Node (Intl.DisplayNames, English and Japanese), plus
 * the short forms diplomatic texts use ("UK", "U.S.", "ROK", "日英").
 */
export interface Country {
  code: string;
  name: string;
  aliases: string[];
}

const extraAliases: Record<string, string[]> = {
  GB: [
    'UK',
    'U.K.',
    'United Kingdom',
    'Britain',
    'Great Britain',
    'United Kingdom of Great Britain and Northern Ireland',
    '英国',
    'イギリス',
  ],
  US: [
    'United States',
    'U.S.',
    'US',
    'USA',
    'U.S.A.',
    'United States of America',
    'America',
    '米国',
    'アメリカ',
  ],
  KR: ['Republic of Korea', 'ROK', 'South Korea', 'Korea', '韓国', '大韓民国'],
  KP: [
    'DPRK',
    'North Korea',
    "Democratic People's Republic of Korea",
    'Democratic People’s Republic of Korea',
    '北朝鮮',
  ],
  CN: ['China', "People's Republic of China", 'People’s Republic of China', 'PRC', '中国'],
  RU: ['Russia', 'Russian Federation', 'ロシア'],
  JP: ['Japan', '日本'],
  FR: ['France', 'French Republic', 'フランス'],
  DE: ['Germany', 'ドイツ'],
  IN: ['India', 'インド'],
  AU: ['Australia', '豪州', 'オーストラリア'],
  VN: ['Viet Nam', 'Vietnam'],
  FM: ['Micronesia', 'Federated States of Micronesia'],
  MH: ['Marshall Islands', 'Republic of the Marshall Islands'],
  PW: ['Palau', 'Republic of Palau'],
  TR: ['Türkiye', 'Turkey'],
  EU: ['European Union', 'EU', 'EU’s'],
};

// Region codes that are not parties, and names that are too often something else.
const excluded = new Set([
  'UN',
  'EZ',
  'QO',
  'XA',
  'XB',
  'ZZ',
  'AQ',
  'BV',
  'HM',
  'IO',
  'TF',
  'UM',
  'CP',
  'DG',
  'EA',
  'IC',
  'TA',
  'AC',
  'JE',
  'GG',
  'CW',
  'SX',
  'BQ',
]);
const ambiguousNames = new Set([
  'Chad',
  'Jordan',
  'Georgia',
  'Guinea',
  'Niger',
  'Jersey',
  'Dominica',
  'Turkey',
  'Macao',
  'Hong Kong',
]);

/** Groups whose membership is fixed, read as their members when they are the parties. */
export const groups: Record<string, string[]> = {
  G7: ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US', 'EU'],
  'Group of Seven': ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US', 'EU'],
  Quad: ['AU', 'IN', 'JP', 'US'],
  AUKUS: ['AU', 'GB', 'US'],
};

// Single-kanji abbreviations used in compounds such as 日英, 日米豪.
const kanjiAbbreviations: Record<string, string> = {
  日: 'JP',
  英: 'GB',
  米: 'US',
  豪: 'AU',
  印: 'IN',
  仏: 'FR',
  独: 'DE',
  伊: 'IT',
  加: 'CA',
  中: 'CN',
  韓: 'KR',
  露: 'RU',
  比: 'PH',
  越: 'VN',
};

let cache: { countries: Country[]; byAlias: Map<string, string>; pattern: RegExp } | null = null;

function load() {
  if (cache) return cache;
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const ja = new Intl.DisplayNames(['ja'], { type: 'region' });
  const countries: Country[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      if (excluded.has(code)) continue;
      let name: string | undefined;
      try {
        name = en.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /unknown/i.test(name)) continue;
      const aliases = new Set<string>([name, ...(extraAliases[code] ?? [])]);
      const jaName = ja.of(code);
      if (jaName && jaName !== code) aliases.add(jaName);
      for (const alias of [...aliases]) if (ambiguousNames.has(alias)) aliases.delete(alias);
      countries.push({
        code,
        name: code === 'GB' ? 'United Kingdom' : code === 'US' ? 'United States' : name,
        aliases: [...aliases],
      });
    }
  }
  const byAlias = new Map<string, string>();
  for (const c of countries) for (const alias of c.aliases) byAlias.set(aliasKey(alias), c.code);
  const alternatives = [...byAlias.keys()]
    .sort((x, y) => y.length - x.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"));
  // Latin names need word boundaries; "U.S." ends with a period, so look behind/ahead for letters.
  // Case-sensitive: "US" is a party, "us" is not.
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{Ll}\\p{N}])`,
    'gu',
  );
  cache = { countries, byAlias, pattern };
  return cache;
}

function aliasKey(alias: string): string {
  return alias.replace(/’/g, "'");
}

/** The country for an ISO code or a name or alias ("UK", "Japan", "日本"), or undefined. */
export function findCountry(codeOrName: string): Country | undefined {
  const { countries, byAlias } = load();
  const trimmed = codeOrName.trim();
  const code =
    /^[A-Z]{2}$/.test(trimmed) && countries.some((c) => c.code === trimmed)
      ? trimmed
      : (byAlias.get(aliasKey(trimmed)) ??
        [...byAlias].find(([k]) => k.toLowerCase() === trimmed.toLowerCase())?.[1]);
  return countries.find((c) => c.code === code);
}

/** Every mention of a country in `text`, with its code and offsets, in text order. */
export function findCountryMentions(text: string): { code: string; start: number; end: number }[] {
  const { byAlias, pattern } = load();
  const out: { code: string; start: number; end: number }[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const code = byAlias.get(aliasKey(m[0]));
    if (code) out.push({ code, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(
    /([日英米豪印仏独伊加中韓露比越]{2,4})(?=共同|両国|首脳|間|関係|外相|防衛|首相|政府)/g,
  )) {
    let offset = m.index;
    for (const ch of m[1]!) {
      out.push({ code: kanjiAbbreviations[ch]!, start: offset, end: offset + 1 });
      offset++;
    }
  }
  for (const [group, members] of Object.entries(groups)) {
    for (const m of text.matchAll(new RegExp(`\\b${group}\\b`, 'g'))) {
      for (const code of members) out.push({ code, start: m.index, end: m.index + group.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The display name for a party code ("GB" -> "United Kingdom"); unknown codes are returned as given. */
export function partyName(code: string): string {
  return findCountry(code)?.name ?? code;
}
