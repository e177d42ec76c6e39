import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../src/app/export/download';
import { formatTimestamp, toCues, toJson, toSrt, toText, toWebVtt } from '../../../src/app/export/formats';
import type { TranscriptDocument, TranscriptLine } from '../../../src/app/state/transcript';

/** 2026-12-02 10:00:00 UTC, the first capture session's start in these hand-made transcripts. */
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

const line = (session: number, utteranceId: number, text: string, start: number, end: number, captureAt = T0): TranscriptLine => ({
  session,
  utteranceId,
  text,
  start,
  end,
  startedAt: captureAt + start * 1000,
});

const doc = (lines: TranscriptLine[], title: string | null = null): TranscriptDocument => ({
  id: 'transcript-test',
  title,
  createdAt: T0,
  openedAt: T0,
  session: 2,
  lines,
  partial: null,
});

// Two sessions: the second started 100 s after the first; an edited-away line in between.
const sample = doc([
  line(1, 0, 'And so, my fellow Americans,', 0.32, 2.56),
  line(1, 1, '   ', 3, 4),
  line(1, 2, 'ask not what your country can do for you <b>&</b> more', 3.9, 7.25),
  line(2, 0, 'Second session.', 1.5, 3.0005, T0 + 100_000),
]);

describe('timestamps', () => {
  it('SRT uses a comma and WebVTT a full stop before the milliseconds, hours always two digits', () => {
    expect(formatTimestamp(0, ',')).toBe('00:00:00,000');
    expect(formatTimestamp(3.9, ',')).toBe('00:00:03,900');
    expect(formatTimestamp(3725.0456, '.')).toBe('01:02:05.046');
    expect(formatTimestamp(59.9996, '.')).toBe('00:01:00.000'); // rounding carries into the minutes
    expect(formatTimestamp(360000, ',')).toBe('100:00:00,000');
  });
});

describe('cues', () => {
  it('puts every session on the first line\'s clock, skips empty lines, and never ends a cue at its start', () => {
    const cues = toCues([...sample.lines, line(2, 1, 'Instant.', 4, 4, T0 + 100_000)]);
    expect(cues.map((cue) => cue.text)).toEqual([
      'And so, my fellow Americans,',
      'ask not what your country can do for you <b>&</b> more',
      'Second session.',
      'Instant.',
    ]);
    expect(cues[0]).toMatchObject({ start: 0 });
    expect(cues[0]!.end).toBeCloseTo(2.24, 9);
    expect(cues[1]!.start).toBeCloseTo(3.58, 9);
    expect(cues[2]!.start).toBeCloseTo(101.18, 9);
    expect(cues[3]!.end).toBeGreaterThan(cues[3]!.start);
  });
});

describe('formats', () => {
  it('SRT: cues numbered from 1, comma timestamps, a blank line after each cue', () => {
    expect(toSrt(sample)).toBe(
      '1\n00:00:00,000 --> 00:00:02,240\nAnd so, my fellow Americans,\n\n' +
        '2\n00:00:03,580 --> 00:00:06,930\nask not what your country can do for you <b>&</b> more\n\n' +
        '3\n00:01:41,180 --> 00:01:42,681\nSecond session.\n\n',
    );
  });

  it('WebVTT: the WEBVTT header, full-stop timestamps, cue text with &, < and > escaped', () => {
    expect(toWebVtt(sample)).toBe(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:02.240\nAnd so, my fellow Americans,\n\n' +
        '00:00:03.580 --> 00:00:06.930\nask not what your country can do for you &lt;b&gt;&amp;&lt;/b&gt; more\n\n' +
        '00:01:41.180 --> 00:01:42.681\nSecond session.\n\n',
    );
    expect(toWebVtt(doc([]))).toBe('WEBVTT\n\n');
  });

  it('text: one line per utterance; JSON: every field of each line plus its offset', () => {
    expect(toText(sample)).toBe('And so, my fellow Americans,\nask not what your country can do for you <b>&</b> more\nSecond session.\n');
    expect(toText(doc([]))).toBe('');
    const parsed = JSON.parse(toJson({ ...sample, lines: sample.lines.map((l, i) => (i === 0 ? { ...l, language: 'en' } : l)) }));
    expect(parsed.createdAt).toBe('2026-12-02T10:00:00.000Z');
    expect(parsed.lines).toHaveLength(3);
    expect(parsed.lines[0]).toEqual({ ...sample.lines[0], language: 'en', offset: 0 });
    expect(parsed.lines[2].offset).toBeCloseTo(101.18, 9);
  });

  it('file names come from the title, made file-safe, or else the start time', () => {
    expect(exportFileName(doc(sample.lines, 'Letter to Ann: draft 2/3'), 'srt')).toBe('Letter-to-Ann-draft-2-3.srt');
    expect(exportFileName(sample, 'vtt')).toMatch(/^sotto-2026-12-0[12]-\d{4}\.vtt$/);
  });
});
