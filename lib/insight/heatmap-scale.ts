/**
 * Cell colours: a single-hue blue ramp (light → dark), readable for the
 * common colour-vision deficiencies because it varies in lightness only.
 * The text colour is whichever of black or white contrasts more with the
 * background; for any background one of them reaches at least 4.58:1.
 */
const STOPS: readonly [number, number, number][] = [
  [0xee, 0xf4, 0xfb],
  [0xc6, 0xdb, 0xef],
  [0x8f, 0xbc, 0xdc],
  [0x4a, 0x91, 0xc5],
  [0x1d, 0x62, 0xa8],
  [0x0b, 0x3a, 0x75],
];
const LIGHTEST: readonly [number, number, number] = [0xee, 0xf4, 0xfb];

function channelLuminance(channel: number): number {
  const c = channel / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  return 0.2126 * channelLuminance(r) + 0.7152 * channelLuminance(g) + 0.0722 * channelLuminance(b);
}

export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: readonly [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export interface CellColour {
  background: string;
  text: string;
}

/** The colour of a level between 0 and maxLevel (clamped). */
export function levelColour(level: number, maxLevel: number): CellColour {
  const t = Math.min(1, Math.max(0, maxLevel > 0 ? level / maxLevel : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const from = STOPS[i] ?? LIGHTEST;
  const to = STOPS[i + 1] ?? from;
  const mix = (k: 0 | 1 | 2) => Math.round(from[k] + (to[k] - from[k]) * f);
  const rgb: [number, number, number] = [mix(0), mix(1), mix(2)];
  const lum = relativeLuminance(rgb);
  const text = contrastRatio(lum, 1) >= contrastRatio(lum, 0) ? '#ffffff' : '#000000';
  return { background: hex(rgb), text };
}
