/**
 * Japanese commitment markers (SPEC section 3): a sentence whose final predicate states future
 * action by the parties (〜していく, 〜する, 〜を目指す, 〜にコミットする, 〜ことで一致した);
 * recognitions, welcomes, appreciations, concerns and one party's position are not commitments.
 */
export interface JapaneseMarker {
  marker: string;
  subject: string | null;
  subjectStart: number;
}

const closing = /[。．！？」』）)\s]+$/;
// Final predicates that are not promises of action.
const notCommitment =
  /(?:歓迎|評価|賞賛|称賛|感謝|認識|留意|懸念|憂慮|非難|要請|期待|確信|表明|強調|注目|祝意を表|哀悼の意を表|支持)(?:する|した|している|します|を表明する|を表明した)$|(?:求める|求めた|である|であった|だった|がある|ている|ていた|った|れた|えた|きた|した)$/;
// "〜の重要性を再確認する" restates a value; "コミットメントを再確認する" restates a commitment.
const reaffirmValue = /(?:重要性|重要|意義|価値|こと|役割)を(?:再確認|確認)する$/;
const commitmentPredicate =
  /(?:していく|して行く|していきます|を目指す|を目指していく|にコミットする|にコミットしている|にコミットした|ことで一致した|ことを決意した|ことを決定した|ことを約束する|を約束する|を新たにする|を再確認する|する|します)$/;
const subjectCue =
  /(我々|われわれ|両国首脳|両首脳|両国政府|両政府|両国|日英両国|日英|日米|双方|各締約国|両締約国|参加者)は/;
const singleParty =
  /^(?:英国|日本|米国|日本国|英国政府|日本政府|米国政府|\p{Script=Han}{1,4}(?:国|政府))は/u;

/** Finds a Japanese commitment predicate at the end of a sentence, or null. */
export function findJapaneseMarker(sentence: string): JapaneseMarker | null {
  const predicate = sentence.trim().replace(closing, '');
  const ending = commitmentPredicate.exec(predicate);
  if (!ending) return null;
  if (
    notCommitment.test(predicate) &&
    !/コミットし(?:ている|た)$|(?:一致|決意|決定)した$/.test(predicate)
  )
    return null;
  if (reaffirmValue.test(predicate)) return null;
  // Renewing support or interest is a position; renewing a commitment or resolve is a promise.
  if (
    /を新たにする$/.test(predicate) &&
    !/(?:コミットメント|決意|約束|誓約)を新たにする$/.test(predicate)
  )
    return null;
  const subject = subjectCue.exec(predicate);
  if (!subject && singleParty.test(predicate)) return null;
  return {
    marker: ending[0],
    subject: subject ? subject[1]! : null,
    subjectStart: subject ? subject.index : 0,
  };
}
