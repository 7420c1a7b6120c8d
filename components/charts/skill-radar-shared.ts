/**
 * The radar's props and its spoke limit, apart from the chart: a page that only needs these (the profile's
 * radar panel decides between radar and bars with RADAR_MAX_AXES) must not pull recharts into its first load
 * (components/charts/lazy-skill-radar.tsx loads the chart itself later).
 */
export interface SkillRadarDatum {
  axis: string;
  me: number | null;
  target: number | null;
  team: number | null;
}

export interface SkillRadarProps {
  data: SkillRadarDatum[];
  /** Top of the scale (4 for the default 0–4 framework). */
  maxLevel: number;
  /** Accessible name of the chart; the caller renders the equivalent data table. */
  label: string;
  labels?: { me: string; target: string; team: string };
  showTeam: boolean;
  height?: number;
}

/**
 * Beyond this many spokes a radar's labels collide and get cut short (the
 * by-section views have 18): the same data is drawn as ranked bars instead.
 */
export const RADAR_MAX_AXES = 8;
