/** The page's one stylesheet: light and dark themes (system choice, or the toggle), print, no web fonts. */
export const css = `
:root{--bg:#fff;--fg:#1d232b;--muted:#5d6876;--line:#d9dee5;--head:#f3f5f8;--accent:#2f6fde;--ok:#1e8a4c;
--bad:#c83737;--warn:#b7790f;--new:#8146c6;--code:#eef1f5;color-scheme:light}
:root[data-theme=dark]{--bg:#12161c;--fg:#e3e8ee;--muted:#98a3b1;--line:#2e3742;--head:#1b222b;--accent:#6ea1ff;
--ok:#4cc27e;--bad:#f07171;--warn:#e6b04a;--new:#b48cf2;--code:#202833;color-scheme:dark}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#12161c;--fg:#e3e8ee;--muted:#98a3b1;
--line:#2e3742;--head:#1b222b;--accent:#6ea1ff;--ok:#4cc27e;--bad:#f07171;--warn:#e6b04a;--new:#b48cf2;
--code:#202833;color-scheme:dark}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"DejaVu Sans",sans-serif}
header,main,footer{max-width:1280px;margin:0 auto;padding:0 20px}
header{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap;padding-top:18px}
h1{font-size:22px;margin:0}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:0;font-weight:600;overflow-wrap:anywhere}
.meta,footer,.note{color:var(--muted)}footer{padding:24px 20px}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
code{background:var(--code);padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
a{color:var(--accent)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--head)}
.card b{display:block;font-size:24px;line-height:1.2}.card span{color:var(--muted);font-size:12px}
.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}.card.warn b{color:var(--warn)}
.counts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
th{background:var(--head);font-weight:600;font-size:12.5px}
.counts table{width:auto;min-width:220px}.counts td:last-child{text-align:right}
.charts{display:flex;flex-wrap:wrap;gap:18px}
.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px;max-width:100%}
.chart figcaption{font-weight:600;margin-bottom:4px}.chart svg{max-width:100%;height:auto;display:block}
.chart .cl,.chart .cv{font-size:12px;fill:var(--fg)}
.bar{fill:var(--accent)}.bar.ok{fill:var(--ok)}.bar.bad{fill:var(--bad)}.bar.warn{fill:var(--warn)}
.bar.new{fill:var(--new)}.bar.muted{fill:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0 12px;position:sticky;top:0;
background:var(--bg);padding:8px 0;z-index:1;border-bottom:1px solid var(--line)}
.controls input,.controls select,.controls button,#theme{font:inherit;color:var(--fg);background:var(--bg);
border:1px solid var(--line);border-radius:6px;padding:4px 8px}
.controls input{min-width:260px}
#more{font:inherit;color:var(--accent);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px 12px;
cursor:pointer;margin-bottom:12px}
.grp{border:1px solid var(--line);border-radius:8px;margin:0 0 12px;content-visibility:auto;
contain-intrinsic-size:auto 160px}
.grp>header{display:block;max-width:none;margin:0;padding:8px 10px;background:var(--head);border-radius:8px 8px 0 0}
.grp .scope{color:var(--muted);font-weight:400}.grp .cmd{margin:4px 0 0}
.ft{table-layout:fixed}
.ft th:nth-child(1){width:14%}.ft th:nth-child(2){width:7%}.ft th:nth-child(3),.ft th:nth-child(4){width:18%}
.ft th:nth-child(5){width:8%}.ft th:nth-child(6){width:15%}.ft th:nth-child(7){width:20%}
th[data-sort]{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
.ft td:nth-child(3),.ft td:nth-child(4),.fl td:nth-child(6){font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,
monospace;font-size:12.5px}
.ft tr[data-k=image] td:nth-child(2),.ft tr[data-k=registry] td:nth-child(2),.ft td:nth-child(3){color:var(--bad)}.ft td:nth-child(4){color:var(--ok)}
.ft tr[data-k=mention] td:nth-child(2),.ft tr[data-k=policy] td:nth-child(2){color:var(--warn)}
.ft td:nth-child(7){color:var(--muted)}.ft td:nth-child(7) code{display:block;white-space:pre-wrap;color:var(--fg)}
.badge{display:inline-block;white-space:nowrap;font-size:11px;border-radius:9px;padding:0 6px;border:1px solid currentColor}
.badge.new{color:var(--new)}.badge.ok{color:var(--ok)}.badge.bad{color:var(--bad)}.badge.warn{color:var(--warn)}
[hidden]{display:none!important}
@media print{
:root,:root[data-theme=dark]{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--head:#f2f2f2;--code:#f2f2f2;color-scheme:light}
.controls,#theme,#more{display:none!important}
.grp{content-visibility:visible;break-inside:avoid}.chart{break-inside:avoid}
header,main,footer{max-width:none;padding:0}a{color:inherit;text-decoration:none}
h2{break-after:avoid}}
`;
