import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

/**
 * A framework's Markdown (skill, section and framework descriptions) rendered
 * the same way everywhere: code, emphasis, strong, links and lists. Raw HTML
 * is never rendered (react-markdown leaves it out) and rehype-sanitize's
 * GitHub schema strips anything else unsafe, such as `javascript:` links.
 * Works in server and client components alike (no hooks).
 *
 * `inline` renders into the caller's own paragraph or span, for one-line
 * descriptions inside a row.
 */
const shared: Components = {
  a: ({ node: _node, ...props }) => (
    // Descriptions link out to guides and docs: a new tab keeps the assessment where it was.
    <a
      {...props}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className="font-medium text-brand-700 underline hover:text-brand-900"
    />
  ),
  code: ({ node: _node, ...props }) => (
    <code {...props} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-900" />
  ),
  ul: ({ node: _node, ...props }) => <ul {...props} className="my-1 list-disc space-y-0.5 pl-5" />,
  ol: ({ node: _node, ...props }) => <ol {...props} className="my-1 list-decimal space-y-0.5 pl-5" />,
  em: ({ node: _node, ...props }) => <em {...props} className="italic" />,
  strong: ({ node: _node, ...props }) => <strong {...props} className="font-semibold" />,
};

const inlineComponents: Components = {
  ...shared,
  p: ({ children }) => <>{children}</>,
};

const blockComponents: Components = {
  ...shared,
  p: ({ node: _node, ...props }) => <p {...props} className="my-1 first:mt-0 last:mb-0" />,
};

export function Markdown({ children, inline = false }: { children: string; inline?: boolean }) {
  return (
    <ReactMarkdown
      skipHtml
      rehypePlugins={[rehypeSanitize]}
      components={inline ? inlineComponents : blockComponents}
      // Headings, images and tables have no place in a description; their text is kept.
      disallowedElements={['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'table', 'hr', 'pre']}
      unwrapDisallowed
    >
      {children}
    </ReactMarkdown>
  );
}
