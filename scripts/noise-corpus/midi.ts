/**
 * A Standard MIDI File writer for the corpus's music: one format-0 track of notes, enough for
 * `timidity` to render (MIDI 1.0 Detailed Specification, "Standard MIDI Files 1.0": `MThd` /
 * `MTrk` chunks, variable-length delta times, running status not used).
 */

/** One note: General MIDI channel and program, pitch, start and length in beats. */
export interface MidiNote {
  /** MIDI channel 0..15 (9 is GM percussion; not used here). */
  channel: number;
  /** General MIDI program 0..127 (0 acoustic grand piano, 53 voice oohs, 32 acoustic bass). */
  program: number;
  /** MIDI note number 0..127 (60 = middle C). */
  pitch: number;
  /** Start, beats from the beginning. */
  start: number;
  /** Length, beats. */
  length: number;
  /** Velocity 1..127. */
  velocity: number;
}

/** Ticks per quarter-note beat of the files written. */
const TICKS_PER_BEAT = 480;

/**
 * Encodes notes as a format-0 Standard MIDI File at `bpm` beats per minute: a tempo meta
 * event, one program change per channel (its first note's program), then note-on/note-off
 * pairs in time order.
 * @returns the file's bytes
 * @throws Error when two notes on one channel ask for different programs
 */
export function encodeMidi(notes: readonly MidiNote[], bpm: number): Uint8Array {
  const programs = new Map<number, number>();
  for (const note of notes) {
    const program = programs.get(note.channel);
    if (program !== undefined && program !== note.program) {
      throw new Error(`MIDI channel ${note.channel} has programs ${program} and ${note.program}; use one channel per program`);
    }
    programs.set(note.channel, note.program);
  }
  const events: { tick: number; order: number; bytes: number[] }[] = [];
  const microsecondsPerBeat = Math.round(60_000_000 / bpm);
  events.push({ tick: 0, order: 0, bytes: [0xff, 0x51, 0x03, (microsecondsPerBeat >> 16) & 0xff, (microsecondsPerBeat >> 8) & 0xff, microsecondsPerBeat & 0xff] });
  for (const [channel, program] of programs) events.push({ tick: 0, order: 1, bytes: [0xc0 | channel, program] });
  for (const note of notes) {
    const on = Math.round(note.start * TICKS_PER_BEAT);
    const off = Math.round((note.start + note.length) * TICKS_PER_BEAT);
    // Note-offs sort before note-ons at the same tick so a repeated pitch restarts cleanly.
    events.push({ tick: on, order: 3, bytes: [0x90 | note.channel, note.pitch, note.velocity] });
    events.push({ tick: off, order: 2, bytes: [0x80 | note.channel, note.pitch, 0] });
  }
  events.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const track: number[] = [];
  let lastTick = 0;
  for (const event of events) {
    track.push(...variableLength(event.tick - lastTick), ...event.bytes);
    lastTick = event.tick;
  }
  track.push(0x00, 0xff, 0x2f, 0x00); // end of track
  const header = [...ascii('MThd'), ...uint32(6), 0, 0, 0, 1, (TICKS_PER_BEAT >> 8) & 0xff, TICKS_PER_BEAT & 0xff];
  return Uint8Array.from([...header, ...ascii('MTrk'), ...uint32(track.length), ...track]);
}

function variableLength(value: number): number[] {
  const bytes = [value & 0x7f];
  for (let rest = value >> 7; rest > 0; rest >>= 7) bytes.unshift((rest & 0x7f) | 0x80);
  return bytes;
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
