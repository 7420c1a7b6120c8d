'use client';

import dynamic from 'next/dynamic';
import type { TrendLinesProps } from './trend-lines';

/**
 * TrendLines with recharts loaded after the page is interactive, as LazySkillRadar does for the radar
 * (issue 23: /me loaded recharts before it could respond). The trend sits at the bottom of /me and its numbers
 * are in the table below it; the placeholder keeps the chart's height.
 */
export const LazyTrendLines = dynamic<TrendLinesProps>(
  () => import('./trend-lines').then((module) => module.TrendLines),
  {
    ssr: false,
    loading: () => <div className="w-full animate-pulse rounded-lg bg-slate-50" style={{ height: 280 }} />,
  },
);
