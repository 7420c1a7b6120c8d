/**
 * Okabe–Ito colours: distinguishable with the common colour-vision
 * deficiencies. Series also differ by dash pattern, so colour is never the
 * only cue.
 */
export const SERIES_COLOURS = [
  '#1d5fd1',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#f0e442',
] as const;
export const SERIES_DASHES = [undefined, '6 4', '2 3', '10 3 2 3', '4 2', '1 4', '8 2 2 2', '12 4'] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#000000';
}

export function seriesDash(index: number): string | undefined {
  return SERIES_DASHES[index % SERIES_DASHES.length];
}
