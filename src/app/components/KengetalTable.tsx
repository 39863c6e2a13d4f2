import { cellText, dimLabel, type Cell, type CountTable } from '../../domain/kengetallen';

/** A published number as text for a table; "x" and "<5" get a screen-reader explanation. */
export function KengetalValue({ c }: { c: Cell | number | null }) {
  if (c === 'x') return <abbr title="niet getoond, zodat een klein aantal niet terug te rekenen is">x</abbr>;
  if (c === '<5') return <abbr title="minder dan 5">&lt;5</abbr>;
  return <>{cellText(c)}</>;
}

/** One table of counts with its totals: the figures themselves, and the table alternative of a chart. */
export function KengetalTable({
  table,
  schoolNames,
  caption,
}: {
  table: CountTable;
  schoolNames: Record<string, string>;
  caption?: string;
}) {
  const rl = (r: string) => dimLabel(table.rowDim, r, schoolNames);
  const cl = (c: string) => dimLabel(table.colDim, c, schoolNames);
  if (table.withheld) {
    return (
      <div className="kengetal-withheld">
        <h3>{caption ?? table.title}</h3>
        <p>
          Niet getoond: te weinig gegevens. Ook zonder totalen zou een klein aantal hier terug te rekenen zijn. Kies een langere periode of
          een grovere indeling.
        </p>
      </div>
    );
  }
  // On a phone a wide table scrolls sideways; the Totaal column stays in view at the right edge.
  const wide = table.cols.length + (table.rowTotals ? 1 : 0) > 3;
  return (
    <>
      {wide && (
        <p className="kengetal-scroll-hint">{caption ?? table.title}: schuif de tabel opzij voor alle kolommen; Totaal staat rechts.</p>
      )}
      <div className="kengetal-table-wrap" tabIndex={0} role="region" aria-label={caption ?? table.title}>
        <table className="kengetal-table">
          <caption>{caption ?? table.title}</caption>
          <thead>
            <tr>
              <td />
              {table.cols.map((c) => (
                <th key={c} scope="col">
                  {cl(c)}
                </th>
              ))}
              {table.rowTotals && (
                <th scope="col" className="total">
                  Totaal
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={r}>
                <th scope="row">{rl(r)}</th>
                {table.cols.map((c, j) => (
                  <td key={c}>
                    <KengetalValue c={table.cells[i]![j]!} />
                  </td>
                ))}
                {table.rowTotals && (
                  <td className="total">
                    <KengetalValue c={table.rowTotals[i]!} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
          {table.colTotals && (
            <tfoot>
              <tr>
                <th scope="row">Totaal</th>
                {table.colTotals.map((c, j) => (
                  <td key={table.cols[j]} className="total">
                    <KengetalValue c={c} />
                  </td>
                ))}
                {table.rowTotals && (
                  <td className="total">
                    <KengetalValue c={table.total} />
                  </td>
                )}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </>
  );
}
