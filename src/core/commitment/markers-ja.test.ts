import { describe, expect, it } from 'vitest';
import { findJapaneseMarker } from './markers-ja.ts';

describe('findJapaneseMarker', () => {
  it.each([
    ['我々は,双方向に往来する学生の数を増やすため協力する。', 'する'],
    ['両国は,2050年までにネット・ゼロを目指す。', 'を目指す'],
    ['我々は,世界の繁栄を促進することにコミットしている。', 'にコミットしている'],
    ['日英両国は,防衛協力を一層強化していく。', 'していく'],
    ['両首脳は,対話を立ち上げることで一致した。', 'ことで一致した'],
  ])('reads a promise of action: %s', (sentence, marker) => {
    expect(findJapaneseMarker(sentence)?.marker).toBe(marker);
  });

  it.each([
    '我々は,日本の人々が見せた回復力を賞賛する。',
    '英国は,日本が国際会議を開催することを評価する。',
    '我々は,戦略的パートナーシップの特別な重要性を再確認する。',
    '我々は,進展を歓迎する。',
    '日英両国は,相手国の最も重要なパートナーである。',
    '我々は,責任を共有している。',
  ])('does not read recognitions, welcomes or facts: %s', (sentence) => {
    expect(findJapaneseMarker(sentence)).toBeNull();
  });

  it('names the subject when the sentence has one', () => {
    expect(findJapaneseMarker('我々は,協力する。')).toMatchObject({
      subject: '我々',
      subjectStart: 0,
    });
  });
});
