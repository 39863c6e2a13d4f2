import type { ReactNode } from 'react';

/**
 * One section of Vandaag: a heading (with a count where it has one), "Laden…" until its read is
 * done, its empty text when there is nothing, else its content.
 */
export function TodaySection({
  id,
  title,
  badge,
  loading,
  empty,
  notice,
  children,
}: {
  id: string;
  title: string;
  badge?: ReactNode;
  loading: boolean;
  /** The text when there is nothing to show; null when the section always shows its content. */
  empty: string | null;
  /** Shown under the heading whatever the state: an undo must outlive the last item it took away. */
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="today-section">
      <h2 id={`${id}-title`}>
        {title}
        {badge}
      </h2>
      {notice}
      {loading ? <p role="status">Laden…</p> : empty !== null ? <p className="empty">{empty}</p> : children}
    </section>
  );
}
