'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * True once the element behind `ref` comes within `margin` of the viewport (and from then on). A chart below
 * the fold then loads its library when the reader scrolls towards it instead of during the page's first
 * seconds, where its parse and first draw were long tasks on a phone (issue 23: Lighthouse mobile). Every
 * browser the app supports has IntersectionObserver.
 */
export function useNearViewport<T extends Element>(margin = '400px'): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, margin]);
  return [ref, near];
}
