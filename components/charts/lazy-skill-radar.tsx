'use client';

import dynamic from 'next/dynamic';
import type { SkillRadarProps } from './skill-radar-shared';

/**
 * SkillRadar with recharts (≈ 100 KB of JavaScript gzip) loaded after the
 * page is interactive instead of before: the radar sits below the fold on the
 * team page and /me, and its numbers are in the table beside it, so nothing
 * the reader needs first waits for it (issue 23: less JavaScript on load).
 * Not rendered on the server: recharts' ResponsiveContainer draws nothing
 * until it has measured its width in the browser anyway. The placeholder
 * keeps the chart's height, so the page does not jump when it arrives.
 */
export const LazySkillRadar = dynamic<SkillRadarProps>(
  () => import('./skill-radar').then((module) => module.SkillRadar),
  {
    ssr: false,
    loading: () => <div className="w-full animate-pulse rounded-lg bg-slate-50" style={{ height: 400 }} />,
  },
);
