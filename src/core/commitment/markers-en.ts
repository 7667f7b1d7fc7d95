import type { CommitmentKind, Strength } from './commitment.ts';

/** What made a clause a commitment, and how strong and of what kind it is. */
export interface MarkerMatch {
  marker: string;
  /** Offset of the subject's first word inside the clause, or -1 when implied (a list item). */
  subjectStart: number;
  subjectEnd: number;
  subject: string;
  /** Offset where the promised action starts (after the marker). */
  actionStart: number;
}

// The verb phrases that bind the speaker to future action (SPEC section 3), tried after a subject.
const markerSource = [
  String.raw`will(?!\s+be\s+(?:able|essential|important|crucial|vital|key|critical|necessary|difficult)\b)`,
  String.raw`shall`,
  String.raw`(?:are|is|remain|remains|stand|stay)\s+(?:\w+\s+){0,2}(?:committed|determined|resolved|dedicated)\s+to`,
  String.raw`(?:re)?commits?(?:\s+(?:ourselves|themselves|itself))?(?:\s*,[^,;]{1,100},)?\s+to`,
  String.raw`recommits?\s+(?:ourselves|themselves)`,
  String.raw`(?:make|share)\s+(?:a\s+|an\s+|the\s+|our\s+)?(?:\w+\s+)?commitment\s+to`,
  String.raw`(?:reaffirm(?:s|ed)?|reiterat(?:e|es|ed)|renew(?:s|ed)?|reconfirm(?:s|ed)?|affirm(?:s|ed)?|restat(?:e|es|ed)|maintain(?:s|ed)?|confirm(?:s|ed)?)\s+(?:our|their|its)\s+(?:(?!for\b|of\b|to\b)[\w-]+\s+){0,3}?(?:commitments?|determination|resolve|intention|intent|pledge|efforts?)\s+(?:to|towards)`,
  // Performative present: "Today, we launch the ... Package".
  String.raw`(?:hereby\s+)?(?:launch|establish|announce)(?=\s+(?:a|an|the|today|our|new)\b)`,
  String.raw`pledged?s?\s+to`,
  String.raw`undertakes?\s+to`,
  String.raw`agreed?s?\s+to`,
  String.raw`(?:have\s+)?decided\s+to`,
  String.raw`resolved?s?\s+to`,
  String.raw`intends?\s+(?:to|for)`,
  String.raw`plans?\s+to`,
  String.raw`aims?\s+to`,
  String.raw`seeks?\s+to`,
  String.raw`endeavou?rs?\s+to`,
  String.raw`strives?\s+to`,
  String.raw`vows?\s+to`,
  String.raw`(?:are|is)\s+(?:also\s+)?working\s+(?:together\s+|closely\s+)?to`,
].join('|');

const adverbs = String.raw`(?:also|further|jointly|together|both|each|all|now|today|hereby|still|closely|firmly|strongly|fully|therefore|collectively|again|thus|further)`;
const markerPattern = new RegExp(String.raw`\b(?:${adverbs}\s+)*(${markerSource})\b`, 'gi');

// A subject that stands for the parties or a named party or body, at the end of the text before
// the marker. "we", "the two Leaders", "Each Party", "the Participants", "France and the United States".
const subjectPattern = new RegExp(
  String.raw`(?:^|[\s,(–—-])(` +
    [
      String.raw`[Ww]e`,
      String.raw`[Tt]hey`,
      String.raw`(?:[Tt]he\s+)?(?:two|three|four|both|[Qq]uad|G7|G20)\s+(?:[\w-]+\s+)?(?:[Ll]eaders|[Pp]residents|[Pp]rime [Mm]inisters|[Cc]ountries|[Ss]ides|[Gg]overnments|[Nn]ations|[Pp]artners|[Mm]inisters|[Pp]arties|[Pp]articipants)`,
      String.raw`[Bb]oth(?:\s+of\s+us|\s+(?:[Ll]eaders|[Ss]ides|[Cc]ountries|[Gg]overnments|[Nn]ations|[Pp]artners|[Pp]residents|[Pp]rime [Mm]inisters))?`,
      String.raw`(?:[Tt]he\s+)?(?:[Ll]eaders|[Pp]articipants|[Pp]arties|[Pp]residents|[Pp]rime [Mm]inisters|[Ss]ignatories|[Ss]ides|[Mm]inisters)`,
      String.raw`[Ee]ach\s+(?:\p{Lu}[\p{L}\d]*\s+)?(?:[Pp]arty|[Pp]artner|[Pp]articipant|[Ss]ide|[Cc]ountry|[Gg]overnment|[Ll]eader|of\s+us)`,
      String.raw`[Oo]ur\s+(?:two\s+)?(?:countries|nations|governments|leaders|officials|ministers|agencies|experts|teams)`,
      // "The U.S. and Indian governments", "the Pacific Island leaders": a plural collective of the parties.
      String.raw`(?:[Tt]he\s+)?(?:[\p{Lu}][\p{L}.'’-]*\s+(?:and\s+)?){1,4}(?:governments|[Ll]eaders|[Pp]residents|[Pp]rime [Mm]inisters|countries|nations|sides|partners|officials|ministers)`,
      String.raw`(?:[Tt]he\s+)?(?:[Pp]resident|[Pp]rime [Mm]inister|[Cc]hancellor|[Pp]remier)(?:\s+\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,2})?`,
      String.raw`PARTY`,
      String.raw`(?:\p{Lu}[\p{L}-]+\s+){0,4}(?:Ministry|Ministries|Department|Agency|Forces|Force|Guard|Navy|Army|Corps|Service|Government|Governments|Council|Commission|Office|Administration|Institute|Bank)(?:\s+of\s+(?:the\s+)?\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*)?`,
    ].join('|') +
    // An appositive ("we, the Leaders of the G7,") or a first predicate ("we are partners and").
    String.raw`)(?:\s*,[^,;]{1,160},|\s+(?!(?:that|which|who)\b)[^;:.]{1,160}?,?\s+and)?\s*$`,
  'u',
);

const nonCommitmentAction =
  /^\s*(?:(?:also|further|strongly|again)\s+)*(?:call(?:s|ing)?\s+(?:on|for|upon)|urg(?:e|es|ing)|welcom(?:e|es|ing)|recogni[sz](?:e|es|ing)|not(?:e|es|ing)|emphasi[sz](?:e|es|ing)|condemn(?:s|ing)?|express(?:es|ing)?|deplor(?:e|es|ing))\b/i;

// Compiled subject patterns by party alternation: one per agreement, reused for every clause.
const subjectPatterns = new Map<string, RegExp>();

/**
 * Finds the first commitment marker in `clause` that has the parties (or a named party or body)
 * as its subject; `partyNames` is an alternation of the country names and aliases in play.
 */
export function findMarker(clause: string, partyPattern: string): MarkerMatch | null {
  let subject = subjectPatterns.get(partyPattern);
  if (!subject) {
    subject = new RegExp(subjectPattern.source.replace('PARTY', partyPattern), 'u');
    subjectPatterns.set(partyPattern, subject);
  }
  markerPattern.lastIndex = 0;
  for (let m = markerPattern.exec(clause); m; m = markerPattern.exec(clause)) {
    const before = clause.slice(0, m.index).replace(/\s+$/, '');
    // Text after a relative pronoun belongs to another clause ("a Partnership that will ...").
    if (/\b(?:that|which|who|whom|whose|where|when|if|unless|whether)$/i.test(before)) continue;
    const s = subject.exec(before);
    if (!s) continue;
    // "We continue to call for ...": calls, welcomes and recognitions are not commitments.
    if (nonCommitmentAction.test(clause.slice(m.index + m[0].length))) continue;
    const subjectStart = s.index + s[0].indexOf(s[1]!);
    return {
      marker: m[1]!.replace(/\s+/g, ' ').toLowerCase(),
      subjectStart,
      subjectEnd: subjectStart + s[1]!.length,
      subject: s[1]!,
      actionStart: m.index + m[0].length,
    };
  }
  return null;
}

// Verbs that open the promised action, by strength (SPEC section 3).
const exploratoryVerbs =
  /^(?:(?:also|further|jointly|together)\s+)*(?:explore|exploring|consider|considering|study|studying|examine|examining|look\s+(?:into|at)|promote\s+(?:further\s+)?discussions?|discuss|discussing|assess|assessing|seek|seeking|aim|aiming|strive|endeavou?r|initiate\s+discussions|engage\s+in\s+discussions?)\b/i;
const continuingVerbs =
  /^(?:(?:also|further|jointly|together)\s+)*(?:continue|continuing|maintain|maintaining|reaffirm|reaffirming|reiterate|remain|sustain|sustaining|renew|uphold|upholding|keep|keeping|affirm|preserve)\b/i;
const mechanismVerbs =
  /^(?:(?:also|further|jointly|together|swiftly|formally|officially)\s+)*(?:launch|launching|establish|establishing|create|creating|set\s+up|setting\s+up|form|forming|sign|signing|conclude|concluding|inaugurate|convene|convening|hold|holding|develop|developing|build|institute|open|opening)\b/i;
const mechanismNouns =
  /\b(?:dialogue|partnership|programme|program|mechanism|arrangement|memorandum|MOC|MOU|agreement|framework|initiative|task ?force|forum|committee|council|fund|centre|center|network|compact|working group|platform|consultations?|alliance|coalition|office|exchange|fellowship|scheme|facility|corridor|roadmap|strategy|summit|meeting)\b/i;

/**
 * Strength and kind of a commitment from its marker and the words of its action:
 * firm (will, commit, establish, launch), continuing (continue, maintain, reaffirm),
 * exploratory (explore, consider, promote discussions); create_mechanism when it launches or
 * establishes a named kind of mechanism, reaffirm when it restates an existing commitment.
 */
export function classifyCommitment(
  marker: string,
  action: string,
): { strength: Strength; kind: CommitmentKind } {
  const a = action.trimStart();
  const reaffirmMarker =
    /^(?:re(?:affirm|iterate|new|confirm|commit|state)|affirm|maintain|confirm|remain)/.test(
      marker,
    ) || /^(?:remain|remains) /.test(marker);
  let strength: Strength = 'firm';
  if (/continue/.test(marker) || reaffirmMarker || continuingVerbs.test(a)) strength = 'continuing';
  if (exploratoryVerbs.test(a) || /^(?:seek|aim|strive|endeavou?r)/.test(marker))
    strength = 'exploratory';
  let kind: CommitmentKind = 'action';
  // The object of the verb: up to a following participle clause (", further strengthening").
  const firstClause = a.split(/;|,\s+(?=\w+ing\b)/)[0]!.slice(0, 160);
  if (mechanismVerbs.test(a) && mechanismNouns.test(firstClause)) kind = 'create_mechanism';
  else if (
    reaffirmMarker ||
    /^(?:reaffirm|reiterate|affirm|maintain)\s+(?:our|their|the)\b/i.test(a)
  )
    kind = 'reaffirm';
  return { strength, kind };
}
