'use client';

import clsx from 'clsx';
import { useId, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled])';

/**
 * On a phone the navigation, the account and sign-out fold behind one "Menu"
 * button (a disclosure: aria-expanded, Escape closes and gives focus back to
 * the button) so the page starts at the top of the screen, not a third of the
 * way down. From the md breakpoint up the panel is `display: contents`: its
 * children lay out in the header's own row as if the wrapper were not there,
 * and the button is hidden.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    // Opening moves focus to the first link, so a keyboard user lands in the menu they asked for.
    if (next) requestAnimationFrame(() => panel.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  };

  // Following a link keeps this layout mounted (client navigation): close the menu behind it.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.closest('a[href]')) setOpen(false);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        onKeyDown={onKeyDown}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 md:hidden"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="h-4 w-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </button>
      {/* The container's handlers only catch Escape and link clicks bubbling up from inside. */}
      <div
        ref={panel}
        id={panelId}
        onKeyDown={onKeyDown}
        onClick={onClick}
        className={clsx(open ? 'flex w-full flex-col gap-4 pb-1' : 'hidden', 'md:contents')}
      >
        {children}
      </div>
    </>
  );
}
