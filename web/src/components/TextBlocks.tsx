import type { ReactNode } from 'react';
import type { TextBlock } from '../layout.ts';

/** One block of an agreement's text as its kind says: title, heading, list item or paragraph. */
export function BlockElement({ block, children }: { block: TextBlock; children: ReactNode }) {
  switch (block.kind) {
    case 'title':
      return <p className="text-title">{children}</p>;
    case 'heading':
      return block.level <= 2 ? (
        <h3 className="text-heading">{children}</h3>
      ) : (
        <h4 className="text-heading">{children}</h4>
      );
    case 'item':
      return <li>{children}</li>;
    case 'paragraph':
      return <p>{children}</p>;
  }
}

/** Groups consecutive list items into lists, so the text reads as it was laid out. */
export function groupItems(blocks: readonly TextBlock[]): (TextBlock | TextBlock[])[] {
  const out: (TextBlock | TextBlock[])[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    if (b.kind === 'item' && Array.isArray(last)) last.push(b);
    else out.push(b.kind === 'item' ? [b] : b);
  }
  return out;
}
