import { describe, expect, it } from 'vitest';
import { LocalAgreement, alignedPrefixEnd, commonPrefixLength } from '../../src/inference-worker/streaming/local-agreement';

const words = (text: string) => text.split(' ').filter(Boolean);

describe('LocalAgreement-2 on words', () => {
  it('commits the longest common prefix of two consecutive hypotheses', () => {
    const la = new LocalAgreement();
    expect(la.update(words('and so my'))).toEqual({ committed: [], tail: words('and so my') });
    const view = la.update(words('and so my fellow'));
    expect(view.committed).toEqual(words('and so my'));
    expect(view.tail).toEqual(['fellow']);
  });

  it('compares words case- and punctuation-insensitively; the committing hypothesis gives the display form', () => {
    const la = new LocalAgreement();
    la.update(words('And so, my fellow Americans.'));
    const view = la.update(words('and so my fellow Americans, ask'));
    expect(view.committed).toEqual(words('and so my fellow Americans,'));
    expect(view.tail).toEqual(['ask']);
    // later hypotheses with other casing or punctuation leave the committed form alone
    expect(la.update(words('And so, my fellow Americans. Ask not')).committed).toEqual(words('and so my fellow Americans, Ask'));
  });

  it('never changes or removes a committed word when the model changes its mind', () => {
    const la = new LocalAgreement();
    la.update(words('what you are country'));
    la.update(words('what you are country can'));
    const view = la.update(words('what your country can do for you'));
    expect(view.committed).toEqual(words('what you are country'));
    // the tail starts after the hypothesis words aligned with the committed ones: nothing repeated or lost
    expect(view.tail).toEqual(words('can do for you'));
    const next = la.update(words('what your country can do for you ask'));
    expect(next.committed).toEqual(words('what you are country'));
    expect(next.tail).toEqual(words('can do for you ask'));
  });

  it('drops a committed prefix when the window moves past it', () => {
    const la = new LocalAgreement();
    la.update(words('one two three four'));
    la.update(words('one two three four five'));
    la.dropCommittedPrefix(2);
    expect(la.committed).toEqual(words('three four'));
    const view = la.update(words('three four five six'));
    expect(view.committed).toEqual(words('three four five'));
    expect(view.tail).toEqual(['six']);
    expect(() => la.dropCommittedPrefix(9)).toThrow(RangeError);
  });

  it('aligns committed words to the closest hypothesis prefix', () => {
    expect(commonPrefixLength(words('a b c'), words('a b d'))).toBe(2);
    expect(alignedPrefixEnd(words('a b c'), words('a b c d'))).toBe(3);
    expect(alignedPrefixEnd(words('she had you'), words('she had your dark suit'))).toBe(3);
    expect(alignedPrefixEnd(words('a golden foil'), words('a golden fortune and a happy life'))).toBe(3);
    expect(alignedPrefixEnd(words('what you are country'), words('what your country can do'))).toBe(3);
    expect(alignedPrefixEnd([], words('anything at all'))).toBe(0);
  });
});
