import clsx from 'clsx';
import type { ReactNode } from 'react';

interface DataTableProps {
  /**
   * Names both the table (its caption) and the scroll region around it, so a
   * screen-reader user hears what they are scrolling through.
   */
  label: string;
  /** Shows the caption above the table; by default it is for screen readers only. */
  showCaption?: boolean;
  /** The first cell of every row stays in view while the table scrolls sideways (default on). */
  stickyFirstColumn?: boolean;
  /**
   * A bordered, rounded white box (default) or no frame, for a table that already sits in a card.
   */
  framed?: boolean;
  /**
   * Caps the height so that the header can stay in view while the rows scroll
   * inside the box (default). Off for short tables that should never scroll vertically.
   */
  limitHeight?: boolean;
  /** Classes for the <table>, e.g. a minimum width that keeps the columns readable on a phone. */
  className?: string;
  /** thead/tbody/tfoot markup. */
  children: ReactNode;
}

/**
 * The one home for plain tables: a wide table scrolls inside its own box (the
 * page never scrolls sideways), the header row and the first column stay in
 * view while it does, and the box is a named region that takes keyboard focus
 * so it can be scrolled with the arrow keys (axe `scrollable-region-focusable`).
 *
 * Layout (sticky cells, row rules, wrapping) lives in the `.data-table` rules of
 * app/globals.css so that the cells themselves keep plain markup.
 */
export function DataTable({
  label,
  showCaption = false,
  stickyFirstColumn = true,
  framed = true,
  limitHeight = true,
  className,
  children,
}: DataTableProps) {
  return (
    <div
      role="region"
      aria-label={label}
      // A scroll container must be reachable by keyboard to be scrolled by keyboard.
      tabIndex={0}
      className={clsx(
        'data-table-region relative overflow-auto overscroll-x-contain',
        limitHeight && 'max-h-[75vh]',
        framed && 'rounded-xl border border-slate-200 bg-white',
      )}
    >
      <table className={clsx('data-table', className)} data-sticky-first={stickyFirstColumn ? '' : undefined}>
        <caption className={showCaption ? 'px-4 py-2 text-left text-sm font-medium text-slate-700' : 'sr-only'}>
          {label}
        </caption>
        {children}
      </table>
    </div>
  );
}
