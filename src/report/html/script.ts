/**
 * The page's one script (allowed by its hash in the CSP). It only adds: the tables are complete without it.
 * Search, kind / scope / change filters and column sorting over the finding groups, and the theme toggle.
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
  if (!box || !controls) { root.dataset.ready = '1'; return; }
  controls.hidden = false;
  // Rows looked up once; the loops below touch only what changes (50,000 rows stay responsive).
  const groups = Array.from(box.querySelectorAll('section.grp'), (g) => ({ g, rows: Array.from(g.querySelectorAll('tr.f')) }));
  const total = groups.reduce((n, x) => n + x.rows.length, 0);
  const q = doc.getElementById('q');
  const selects = { k: doc.getElementById('fk'), s: doc.getElementById('fs'), c: doc.getElementById('fc') };
  const shown = doc.getElementById('shown');
  let texts = null;
  const rowText = () => {
    if (texts) return texts;
    texts = new Map();
    for (const { g, rows } of groups) {
      const head = g.querySelector('header').textContent.toLowerCase();
      for (const r of rows) texts.set(r, head + '\\n' + r.textContent.toLowerCase());
    }
    return texts;
  };
  const apply = () => {
    const needle = q.value.trim().toLowerCase();
    const k = selects.k ? selects.k.value : '';
    const s = selects.s ? selects.s.value : '';
    const c = selects.c ? selects.c.value : '';
    const all = needle ? rowText() : null;
    let count = 0;
    for (const { g, rows } of groups) {
      let n = 0;
      const scopeOk = !s || g.dataset.s === s;
      for (const r of rows) {
        const ok = scopeOk && (!k || r.dataset.k === k) && (!c || r.dataset.c === c) &&
          (!all || all.get(r).includes(needle));
        if (r.hidden === ok) r.hidden = !ok;
        if (ok) n++;
      }
      if (g.hidden !== (n === 0)) g.hidden = n === 0;
      count += n;
    }
    shown.textContent = count === total ? total + ' findings' : count + ' of ' + total + ' findings';
  };
  let timer = 0;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, 120); });
  for (const el of Object.values(selects)) if (el) el.addEventListener('change', apply);
  const keyOf = (row, col) => {
    const cell = row.cells[col];
    if (!cell) return '';
    const n = cell.dataset.n;
    return n !== undefined ? Number(n) : cell.textContent.trim().toLowerCase();
  };
  const compare = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0);
  let sorted = { col: -1, dir: 1 };
  const sortBy = (col) => {
    const dir = sorted.col === col ? -sorted.dir : 1;
    sorted = { col, dir };
    const firsts = [];
    for (const group of groups) {
      const keyed = group.rows.map((r) => [keyOf(r, col), r]);
      if (keyed.length > 1) {
        keyed.sort((x, y) => dir * compare(x[0], y[0]));
        group.rows = keyed.map((x) => x[1]);
        const body = group.g.querySelector('tbody');
        const frag = doc.createDocumentFragment();
        for (const r of group.rows) frag.appendChild(r);
        body.appendChild(frag);
      }
      firsts.push([keyed.length ? keyed[0][0] : '', group.g]);
    }
    firsts.sort((x, y) => dir * compare(x[0], y[0]));
    const frag = doc.createDocumentFragment();
    for (const [, g] of firsts) frag.appendChild(g);
    box.appendChild(frag);
    for (const th of box.querySelectorAll('th[data-sort]')) {
      if (Number(th.dataset.sort) === col) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
  };
  box.addEventListener('click', (event) => {
    const th = event.target.closest('th[data-sort]');
    if (th) sortBy(Number(th.dataset.sort));
  });
  shown.textContent = total + ' findings';
  root.dataset.ready = '1';
  performance.mark('regshift-ready');
})();`;
