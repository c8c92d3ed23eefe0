/** The portal's one stylesheet: readable on a phone, printable, no framework. */
export const PORTAL_CSS = `
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1a1a1a;line-height:1.5}
header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;justify-content:space-between;padding:.5em 1em;background:#9e1b1b;color:#fff}
header .link{color:#fff}
main{padding:0 1em 2em;max-width:72em;margin:auto}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
tr.overdue td:first-child{color:#b00020;font-weight:bold}
.scroll{overflow-x:auto}
form.inline{display:inline}
label{display:block;margin-top:.6em;font-weight:600}
input[type=url],input[type=text],input[type=datetime-local],select,textarea{width:100%;max-width:40em;box-sizing:border-box;padding:.4em;font:inherit}
button{margin-top:.6em;padding:.4em 1em;font:inherit;cursor:pointer}
button.link{background:none;border:none;text-decoration:underline;padding:0;margin:0}
.notice{padding:.6em 1em;border-left:4px solid}
.notice.ok{border-color:#2e7d32;background:#edf7ee}.notice.warn{border-color:#b26a00;background:#fff6e5}.notice.error{border-color:#b00020;background:#fdecee}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3em 1em}dt{font-weight:600}dd{margin:0;min-width:0;overflow-wrap:anywhere}
nav a{margin-right:1em}
.filters label{display:inline-block;margin-right:1em}.filters select{width:auto}
.actions a{margin-right:1.5em}
.tiles{display:flex;flex-wrap:wrap;gap:.8em;list-style:none;padding:0}
.tile a{display:block;border:1px solid #ccc;padding:.5em 1em;min-width:7em;text-decoration:none;color:inherit}
.tile .count{display:block;font-size:1.8em;font-weight:bold}
.tile-overdue .count,.tile-escalated .count,.tile-notice .count{color:#b00020}
figure.chart{margin:1em 0}figure.chart svg{max-width:100%;height:auto}
@media (max-width:40em){th,td{font-size:.9em;padding:.3em}dl{grid-template-columns:minmax(0,1fr)}}
`;
