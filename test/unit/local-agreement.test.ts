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

  it('never changes or removes a committed word when the model changes its mind, and commits the words after it', () => {
    const la = new LocalAgreement();
    la.update(words('what you are country'));
    la.update(words('what you are country can'));
    const view = la.update(words('what your country can do for you'));
    // "you are" stays as committed; "can", agreed after the committed words by two hypotheses, commits
    expect(view.committed).toEqual(words('what you are country can'));
    // the tail starts after the hypothesis words aligned with the committed ones: nothing repeated or lost
    expect(view.tail).toEqual(words('do for you'));
    const next = la.update(words('what your country can do for you ask'));
    expect(next.committed).toEqual(words('what you are country can do for you'));
    expect(next.tail).toEqual(words('ask'));
  });

  it('does not stall after a revised committed word: every later agreed word commits (issue 8, item 3)', () => {
    // Hand-made growing hypotheses of one window, as Whisper revises "fellow" to "fellows" once
    // and keeps the revision. Before the fix, nothing after "fellow" ever committed.
    const la = new LocalAgreement();
    la.update(words('and so my fellow'));
    la.update(words('and so my fellow americans'));
    expect(la.committed).toEqual(words('and so my fellow'));
    const spoken = words('americans ask not what your country can do for you ask what you can do for your country');
    let view = la.update(words('and so my fellows'));
    for (let n = 1; n <= spoken.length; n++) view = la.update([...words('and so my fellows'), ...spoken.slice(0, n)]);
    expect(view.committed).toEqual([...words('and so my fellow'), ...spoken.slice(0, -1)]);
    expect(view.tail).toEqual(spoken.slice(-1));
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
