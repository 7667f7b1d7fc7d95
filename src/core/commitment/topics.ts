/** The fixed topic taxonomy of SPEC section 3. */
export const topics = [
  'defence',
  'cyber',
  'space',
  'trade',
  'economic security',
  'critical minerals',
  'semiconductors',
  'science and technology',
  'digital and AI',
  'health',
  'people and culture',
  'climate',
  'energy',
  'nuclear',
  'multilateral reform',
  'development',
  'food security',
  'non-proliferation',
] as const;
export type Topic = (typeof topics)[number];

// Word stems of the genre for each topic, English and Japanese.
const cues: Record<Topic, RegExp> = {
  defence:
    /\b(?:defen[cs]e|military|armed forces|self-defense forces|security cooperation|deterren(?:ce|t)|joint exercises?|interoperab\w+|combat air|carrier strike|navy|naval|maritime security|troops|alliance|reciprocal access|arms|weapons? systems?|deployment of (?:strategic )?(?:\w+ )?assets)\b|防衛|安全保障|自衛隊|軍/i,
  cyber: /\bcyber\w*|サイバー/i,
  space:
    /\b(?:outer space|space (?:technolog|industr|environment|behaviou?r|cooperation|threats|agency|exploration|situational)\w*|satellite\w*|lunar|moon|artemis|NASA)\b|宇宙/i,
  trade:
    /\b(?:trade|trading|tariffs?|market access|exports?|imports?|investment|CPTPP|CEPA|WTO|free trade|customs|business environments?)\b|貿易|投資|経済連携/i,
  'economic security':
    /\b(?:economic security|economic coercion|supply[- ]chains?|export controls?|technology transfers?|intellectual property theft|non-market policies|resilien(?:t|ce) (?:economic|supply))\b|経済安全保障|サプライチェーン/i,
  'critical minerals':
    /\b(?:critical minerals?|rare earths?|lithium|cobalt|mineral security)\b|重要鉱物/i,
  semiconductors: /\b(?:semiconductors?|chips?|chip design)\b|半導体/i,
  'science and technology':
    /\b(?:science|scientific|research|innovation|technolog(?:y|ies)|quantum|R&D|universit(?:y|ies)|academic)\b|科学|技術|研究|イノベーション/i,
  // Case-sensitive so that "AI" is not read in "said".
  'digital and AI':
    /\b(?:[Dd]igital\w*|AI|[Aa]rtificial [Ii]ntelligence|[Dd]ata|[Tt]elecoms?|5G|6G|[Ii]nternet|[Oo]nline|DFFT|[Gg]enerative|[Ff]oundation models?|[Cc]omput(?:e|ing))\b|デジタル|人工知能|ＡＩ|データ/,
  health:
    /\b(?:health|medical|medicines?|pandemics?|vaccines?|clinical|dementia|genomic|disease|COVID-19|hospital)\b|保健|医療|健康/i,
  'people and culture':
    /\b(?:people-to-people|tourism|education|students?|study abroad|culture|cultural|art|youth|exchanges?|scholarships?|working holiday|sport|language|olympic|paralympic)\b|人的交流|文化|教育|学生|観光|青少年|オリンピック/i,
  climate:
    /\b(?:climate|net[- ]zero|emissions?|greenhouse|GHG|decarboni[sz]\w*|carbon|1\.5\s?(?:°|o|º)\s?C|paris agreement|biodiversity|adaptation|mitigation|green (?:and transition )?finance|COP\d*)\b|気候|温室効果|脱炭素|カーボン/i,
  energy:
    /\b(?:energy|renewables?|offshore wind|wind|solar|hydrogen|LNG|gas|electricity|power|grid|fuels?|batter(?:y|ies))\b|エネルギー|再生可能|水素/i,
  nuclear: /\b(?:nuclear|reactors?|fusion|decommissioning|SMRs?)\b|原子力|核/i,
  'multilateral reform':
    /\b(?:multilateral|UN Security Council|UNSC|Security Council reform|United Nations|international financial (?:system|institutions)|G7|G20|WTO reform|global governance|reform of the UN)\b|国連|多国間|安保理/i,
  development:
    /\b(?:(?<!research and )development(?! of international standards)|developing countries|SDGs?|Sustainable Development Goals|development finance|low- and middle-income|infrastructure|poverty|humanitarian|aid|ODA)\b|開発|途上国|ODA/i,
  'food security': /\b(?:food|agricultur\w*|fertili[sz]ers?|grain|nutrition)\b|食料|農業/i,
  'non-proliferation':
    /\b(?:non-?proliferation|NPT|nuclear weapons|disarmament|weapons of mass destruction|ballistic missiles?|CTBT|arms control)\b|不拡散|軍縮|核兵器|大量破壊兵器/i,
};

/**
 * The topics of a commitment's text from the genre's vocabulary, several allowed; `context`
 * (the section heading) is used only when the text itself names none.
 *
 * @example findTopics('sign a MOC concerning critical minerals') // ['critical minerals']
 */
export function findTopics(text: string, context = ''): Topic[] {
  const found = topics.filter((t) => cues[t].test(text));
  if (found.length > 0) return found;
  return topics.filter((t) => cues[t].test(context));
}
