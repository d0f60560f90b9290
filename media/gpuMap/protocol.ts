// Messages between the GPU map webview and the extension host. Only plain data crosses: the SVG the host drew (every
// text in it escaped), and the numbers as table rows.

/** A row of the table under the map; `tree` is the tree item a click reveals. */
export interface MapRow {
  cells: string[];
  tree?: string;
}

export type ToView =
  | { type: 'update'; svg: string; header: string[]; rows: MapRow[]; summary: string };

export type FromView =
  | { type: 'ready' }
  /** Reveal this tree item in the Liqo view. */
  | { type: 'reveal'; tree: string }
  /** Save the picture (svg) or the numbers (csv) to a file the user picks. */
  | { type: 'export'; format: 'svg' | 'csv' };
