import { LazyTrendLines as TrendLines } from '@/components/charts/lazy-trend-lines';
import type { TrendData } from '@/lib/profile/trend';
import { formatLevel } from './format';
import { DataTable } from '@/components/ui/table';

export interface TrendPanelProps {
  byArea: TrendData;
  bySection: TrendData;
  maxLevel: number;
}

/** A line per area across cycles, and the per-section numbers as a table (the chart's accessible twin and more). */
export function TrendPanel({ byArea, bySection, maxLevel }: TrendPanelProps) {
  const cycleNames = bySection.cycles.map((cycle) =>
    cycle.status === 'open' ? `${cycle.name} (current)` : cycle.name,
  );
  return (
    <div className="space-y-4">
      {byArea.cycles.length > 1 ? (
        <TrendLines
          categories={byArea.cycles.map((cycle) => cycle.name)}
          series={byArea.series.map((entry) => ({ name: entry.axis, values: entry.values }))}
          maxLevel={maxLevel}
          label="Line chart of your mean level per area across cycles. The table below has the numbers per section."
        />
      ) : (
        <p className="text-sm text-slate-600">Your trend appears once you have rated in more than one cycle.</p>
      )}
      <DataTable label="Your mean self level per section in each cycle">
        <thead>
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Section
            </th>
            {cycleNames.map((name) => (
              <th key={name} scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bySection.series.map((entry) => (
            <tr key={entry.axis}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                {entry.axis}
              </th>
              {entry.values.map((value, index) => (
                <td key={bySection.cycles[index]?.id ?? index} className="px-3 py-1.5 text-right tabular-nums">
                  {formatLevel(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
