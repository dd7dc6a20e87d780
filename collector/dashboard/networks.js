// The dashboard's network views: the networks and countries tables and the sites × networks grid
// (which site fails on which network, by kind). Text is only ever set as textContent.

(() => {
  const NOT_BLOCKING = new Set(['ok', 'down_everywhere', 'outage']);

  const networkLabel = (n) => (n.asn === null ? 'unknown network' : `AS${n.asn}${n.name ? ` ${n.name}` : ''}`);
  const countryLabel = (cc) => cc || '—';
  const keyOf = (asn, cc) => `${asn ?? ''}|${cc ?? ''}`;

  function td(row, text, className) {
    const cell = document.createElement('td');
    cell.textContent = text;
    if (className) cell.className = className;
    row.append(cell);
    return cell;
  }

  function fill(selector, items, columns, emptyText) {
    const body = document.querySelector(`${selector} tbody`);
    body.replaceChildren();
    if (items.length === 0) {
      td(body.insertRow(), emptyText, 'empty').colSpan = columns.length;
      return;
    }
    for (const item of items) {
      const row = body.insertRow();
      for (const [get, className] of columns) td(row, String(get(item)), className);
    }
  }

  /** Hosts down, networks across; each cell names its most frequent kind and its count, blocking first. */
  function drawGrid(grid, colors) {
    const table = document.querySelector('#grid');
    const head = table.tHead.rows[0];
    head.replaceChildren();
    const corner = document.createElement('th');
    corner.textContent = 'host \\ network';
    head.append(corner);
    for (const n of grid.networks) {
      const th = document.createElement('th');
      th.textContent = `${networkLabel(n)} (${countryLabel(n.cc)})`;
      th.scope = 'col';
      head.append(th);
    }
    const cells = new Map(grid.cells.map((c) => [`${c.host}|${keyOf(c.asn, c.cc)}`, c]));
    const body = table.tBodies[0];
    body.replaceChildren();
    if (grid.hosts.length === 0) {
      td(body.insertRow(), 'no reports', 'empty').colSpan = grid.networks.length + 1;
      return;
    }
    for (const { host } of grid.hosts) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = host;
      row.append(th);
      for (const n of grid.networks) {
        const cell = cells.get(`${host}|${keyOf(n.asn, n.cc)}`);
        if (!cell) {
          td(row, '', 'grid-empty');
          continue;
        }
        const kinds = Object.entries(cell.byKind).sort((a, b) => NOT_BLOCKING.has(a[0]) - NOT_BLOCKING.has(b[0]) || b[1] - a[1]);
        const [top] = kinds[0];
        const el = td(row, `${top} ${cell.count}`, 'grid-cell');
        el.title = kinds.map(([k, c]) => `${k}: ${c}`).join(', ');
        el.style.borderLeft = `0.4rem solid ${colors[top] || '#999'}`;
        el.dataset.kind = top;
      }
    }
  }

  window.BlockwatchNetworks = {
    render(stats, grid, colors) {
      fill(
        '#networks',
        stats.byNetwork,
        [[networkLabel], [(n) => countryLabel(n.cc)], [(n) => n.count, 'num'], [(n) => n.reporters, 'num']],
        'no reports',
      );
      fill(
        '#countries',
        stats.byCountry,
        [[(c) => countryLabel(c.cc)], [(c) => c.count, 'num'], [(c) => c.reporters, 'num']],
        'no reports',
      );
      drawGrid(grid, colors);
    },
    networkLabel,
  };
})();
