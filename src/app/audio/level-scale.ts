/** The quietest level the meter shows, dBFS; anything below reads as empty. */
const METER_FLOOR_DB = -60;

/** Converts a linear RMS (0..1) to dBFS, clamped to [METER_FLOOR_DB, 0]. */
export function rmsToDb(rms: number): number {
  if (!(rms > 0)) return METER_FLOOR_DB;
  return Math.min(0, Math.max(METER_FLOOR_DB, 20 * Math.log10(rms)));
}

/** Maps a linear RMS to a meter fill 0..1 on a dB scale, so speech fills a useful part of the bar. */
export function rmsToMeterFill(rms: number): number {
  return 1 - rmsToDb(rms) / METER_FLOOR_DB;
}
