'use client';

import dynamic from 'next/dynamic';
import type { TrendLinesProps } from './trend-lines';
import type { GapBarsProps, SectionBarsProps } from './trend-bars';

/*
 * The organization trends' charts with recharts loaded after the page is
 * interactive (as LazySkillRadar does): the numbers are in the tables beside
 * them, and recharts then weighs only on the pages that draw a chart. The
 * placeholders keep each chart's height so the page does not jump.
 */
const placeholder = (height: number) =>
  function ChartPlaceholder() {
    return <div className="w-full animate-pulse rounded-lg bg-slate-50" style={{ height }} />;
  };

export const LazyTrendLines = dynamic<TrendLinesProps>(
  () => import('./trend-lines').then((module) => module.TrendLines),
  { ssr: false, loading: placeholder(280) },
);

export const LazySectionBars = dynamic<SectionBarsProps>(
  () => import('./trend-bars').then((module) => module.SectionBars),
  { ssr: false, loading: placeholder(400) },
);

export const LazyGapBars = dynamic<GapBarsProps>(() => import('./trend-bars').then((module) => module.GapBars), {
  ssr: false,
  loading: placeholder(260),
});
