'use client';

import { createContext, useContext, type ReactNode } from 'react';

/**
 * The framework's Markdown descriptions of /assess, rendered on the server
 * (app/(app)/assess/page.tsx renders each with `Markdown`) and handed to the
 * client as finished elements, keyed by node id. The page's client code then
 * ships without react-markdown and its parser (remark, micromark, the hast
 * utilities, rehype-sanitize) — most of the page's JavaScript before (issue
 * 23) — and the browser parses no Markdown on load.
 */
const Descriptions = createContext<Readonly<Record<string, ReactNode>>>({});

export function DescriptionsProvider({
  descriptions,
  children,
}: {
  descriptions: Readonly<Record<string, ReactNode>>;
  children: ReactNode;
}) {
  return <Descriptions.Provider value={descriptions}>{children}</Descriptions.Provider>;
}

/** The rendered description of a section or skill, or undefined when it has none. */
export function useDescription(nodeId: string): ReactNode | undefined {
  return useContext(Descriptions)[nodeId];
}
