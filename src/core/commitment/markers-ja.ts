/**
 * Japanese commitment markers (SPEC section 3): the predicate at the end of a sentence
 * (〜していく, 〜する, 〜を目指す, 〜にコミットする), with the parties (我々, 両国, 日英両国 ...)
 * as subject; recognitions, welcomes and appreciations are not commitments.
 */
export interface JapaneseMarker {
  marker: string;
  subject: string | null;
  subjectStart: number;
}

// Predicates that state something other than future action by the parties.
const notCommitment =
  /(?:歓迎する|歓迎した|評価する|評価した|賞賛する|称賛する|感謝する|認識する|認識した|留意する|懸念する|懸念を表明する|非難する|求める|要請する|期待する|確信する|確信を与えた|共有している|共有する|である|であった|だった|ている。?$(?<!コミットしている。?)|た。?$)/;
const commitmentEnding =
  /(?:していく|して行く|していきます|する|します|を目指す|を目指します|にコミットする|にコミットしている|ことで一致した|ことを決意した|ことを約束する|を新たにする|継続する|強化する|推進する|促進する|協力する|取り組む|実施する|開始する|立ち上げる|設立する|署名する)[。．]?[」』）)]*\s*$/;
const subjectCue =
  /(我々|われわれ|両国首脳|両首脳|両国政府|両国|日英両国|日英|双方|各締約国|両締約国|参加者)は/;

/** Finds a Japanese commitment predicate in a sentence, or null. */
export function findJapaneseMarker(sentence: string): JapaneseMarker | null {
  const trimmed = sentence.trim();
  const ending = commitmentEnding.exec(trimmed);
  if (!ending) return null;
  const tail = trimmed.slice(Math.max(0, ending.index - 12));
  if (
    notCommitment.test(
      tail.replace(commitmentEnding, (e) =>
        /コミット|目指|推進|協力|強化|取り組|継続|新たに|一致|決意|約束/.test(e) ? '' : e,
      ),
    )
  ) {
    if (!/コミット|目指|推進|協力|強化|取り組|継続|新たに|一致|決意|約束|していく/.test(ending[0]))
      return null;
  }
  const subject = subjectCue.exec(trimmed);
  // "英国は、…を評価する" names one party's position; a commitment needs the parties or an implied "we".
  if (!subject && /^(?:英国|日本|米国|\p{Script=Han}{1,4}国)は/u.test(trimmed)) return null;
  return {
    marker: ending[0].replace(/[。．」』）)\s]+$/, ''),
    subject: subject ? subject[1]! : null,
    subjectStart: subject ? subject.index : 0,
  };
}
