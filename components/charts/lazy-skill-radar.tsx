'use client';

import dynamic from 'next/dynamic';
import type { SkillRadarProps } from './skill-radar-shared';
import { useNearViewport } from './use-near-viewport';

function Placeholder({ height }: { height: number }) {
  return <div className="w-full animate-pulse rounded-lg bg-slate-50" style={{ height }} />;
}

const DynamicSkillRadar = dynamic<SkillRadarProps>(() => import('./skill-radar').then((module) => module.SkillRadar), {
  ssr: false,
  loading: () => <Placeholder height={400} />,
});

/**
 * SkillRadar with recharts (≈ 100 KB of JavaScript gzip) loaded only when the chart comes near the viewport:
 * the radar sits below the fold on the team page and /me, and its numbers are in the table beside it, so
 * nothing the reader needs first waits for it. Loading it right after hydration still put its parse and first
 * draw (over a second of main thread on a throttled phone) inside Lighthouse's total blocking time (issue 23).
 * Not rendered on the server: recharts' ResponsiveContainer draws nothing until it has measured its width in
 * the browser anyway. The placeholder keeps the chart's height, so the page does not jump when it arrives.
 */
export function LazySkillRadar(props: SkillRadarProps) {
  const [ref, near] = useNearViewport<HTMLDivElement>();
  const height = props.height ?? 420;
  return near ? (
    <DynamicSkillRadar {...props} />
  ) : (
    <div ref={ref}>
      <Placeholder height={height} />
    </div>
  );
}
