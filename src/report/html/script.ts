/**
 * The page's one script (allowed by its hash in the CSP). It only adds: the tables are complete without it.
 * Search, kind / scope / change filters and column sorting over the finding groups, a page of groups at a
 * time, and the theme toggle.
 * It reads values from the DOM as text and writes only text and attributes: no innerHTML, no eval.
 */
export const script = `(() => {
  'use strict';
  const doc = document;
  const root = doc.documentElement;
  const themeButton = doc.getElementById('theme');
  const themes = ['auto', 'light', 'dark'];
  let theme = 0;
  if (themeButton) {
    themeButton.hidden = false;
    themeButton.addEventListener('click', () => {
      theme = (theme + 1) % themes.length;
      if (themes[theme] === 'auto') delete root.dataset.theme;
      else root.dataset.theme = themes[theme];
      themeButton.textContent = 'Theme: ' + themes[theme];
    });
  }
  const box = doc.getElementById('groups');
  const controls = doc.getElementById('controls');
  const more = doc.getElementById('more');
  if (!box || !controls || !more) { root.dataset.ready = '1'; return; }
  controls.hidden = false;
  // Large reports show the first groups that match and a "show more" button: the browser then lays out a
  // page of groups, not 50,000 rows, on every filter and sort. Without scripts every group is shown.
  const page = Number(box.dataset.page) || 200;
  let limit = page;
  const groups = Array.from(box.children, (g) => ({ g, rows: Array.from(g.querySelectorAll('tr.f')), placed: 0, focusable: false }));
  const total = groups.reduce((n, x) => n + x.rows.length, 0);
  const q = doc.getElementById('q');
  const selects = { k: doc.getElementById('fk'), s: doc.getElementById('fs'), c: doc.getElementById('fc') };
  const shown = doc.getElementById('shown');
  // The text a search looks in, read while the page is idle (a search before then finishes the reading).
  const texts = new Map();
  const toRead = groups.slice();
  let read = 0;
  const readTexts = (deadline) => {
    while (read < toRead.length && (!deadline || deadline.timeRemaining() > 2)) {
      const { g, rows } = toRead[read++];
      const head = g.querySelector('header').textContent.toLowerCase();
      for (const r of rows) texts.set(r, head + '\\n' + r.textContent.toLowerCase());
    }
    if (deadline && read < toRead.length) requestIdleCallback(readTexts);
  };
  const rowText = () => { readTexts(null); return texts; };
  let generation = 0;
  // Rows go into the DOM in the current order only when their group is shown.
  const place = (group) => {
    // Sortable headers take the keyboard focus once their group is shown (not written 50,000 times).
    if (!group.focusable) for (const th of group.g.querySelectorAll('th[data-sort]')) th.tabIndex = 0;
    group.focusable = true;
    if (group.placed === generation) return;
    group.placed = generation;
    const body = group.g.querySelector('tbody');
    const frag = doc.createDocumentFragment();
    for (const r of group.rows) frag.appendChild(r);
    body.appendChild(frag);
  };
  const render = () => {
    const needle = q.value.trim().toLowerCase();
    const k = selects.k ? selects.k.value : '';
    const s = selects.s ? selects.s.value : '';
    const c = selects.c ? selects.c.value : '';
    const all = needle ? rowText() : null;
    let count = 0;
    let matching = 0;
    const show = [];
    for (const group of groups) {
      let n = 0;
      if (!s || group.g.dataset.s === s) {
        for (const r of group.rows) {
          const ok = (!k || r.dataset.k === k) && (!c || r.dataset.c === c) && (!all || all.get(r).includes(needle));
          if (r.hidden === ok) r.hidden = !ok;
          if (ok) n++;
        }
      }
      count += n;
      if (n > 0) matching++;
      const visible = n > 0 && show.length < limit;
      if (visible) show.push(group);
      if (group.g.hidden === visible) group.g.hidden = !visible;
    }
    let inOrder = true;
    for (let i = 1; i < show.length && inOrder; i++)
      inOrder = (show[i - 1].g.compareDocumentPosition(show[i].g) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (!inOrder) {
      const frag = doc.createDocumentFragment();
      for (const group of show) frag.appendChild(group.g);
      box.appendChild(frag);
    }
    for (const group of show) place(group);
    shown.textContent = count === total ? total + ' findings' : count + ' of ' + total + ' findings';
    more.hidden = matching <= show.length;
    more.textContent = 'Show ' + Math.min(page, matching - show.length) + ' more of ' + (matching - show.length) +
      ' groups not shown';
  };
  const refilter = () => { limit = page; render(); };
  let timer = 0;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refilter, 120); });
  for (const el of Object.values(selects)) if (el) el.addEventListener('change', refilter);
  more.addEventListener('click', () => { limit += page; render(); });
  addEventListener('beforeprint', () => { limit = Infinity; render(); });
  const keyOf = (row, col) => {
    const cell = row.cells[col];
    if (!cell) return '';
    const n = cell.dataset.n;
    return n !== undefined ? Number(n) : cell.textContent.trim().toLowerCase();
  };
  const keys = new Map();
  const keysFor = (col) => {
    if (!keys.has(col)) {
      const byRow = new Map();
      for (const { rows } of groups) for (const r of rows) byRow.set(r, keyOf(r, col));
      keys.set(col, byRow);
    }
    return keys.get(col);
  };
  const compare = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0);
  let sorted = { col: -1, dir: 1 };
  const sortBy = (col) => {
    const dir = sorted.col === col ? -sorted.dir : 1;
    sorted = { col, dir };
    const key = keysFor(col);
    for (const group of groups) if (group.rows.length > 1) group.rows.sort((x, y) => dir * compare(key.get(x), key.get(y)));
    groups.sort((x, y) => dir * compare(key.get(x.rows[0]), key.get(y.rows[0])));
    generation++;
    for (const th of box.querySelectorAll('th[aria-sort]')) th.removeAttribute('aria-sort');
    render();
    for (const th of box.querySelectorAll('th[data-sort="' + col + '"]'))
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
  };
  box.addEventListener('click', (event) => {
    const th = event.target.closest('th[data-sort]');
    if (th) sortBy(Number(th.dataset.sort));
  });
  box.addEventListener('keydown', (event) => {
    const th = event.target.closest('th[data-sort]');
    if (th && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      sortBy(Number(th.dataset.sort));
      const again = box.querySelector('section.grp:not([hidden]) th[data-sort="' + th.dataset.sort + '"]');
      if (again) again.focus();
    }
  });
  render();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(readTexts);
  root.dataset.ready = '1';
  performance.mark('regshift-ready');
})();`;
