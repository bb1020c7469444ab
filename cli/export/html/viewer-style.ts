/** The viewer page's stylesheet (inlined: the page loads nothing). */
export const VIEWER_STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 6px 12px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
header h1 { font-size: 15px; margin: 0; }
#summary { color: #57606a; }
#summary .bad { color: #cf222e; font-weight: 600; }
#summary .good { color: #1a7f37; font-weight: 600; }
.controls button { font: inherit; min-width: 28px; margin-right: 2px; padding: 1px 8px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; cursor: pointer; }
.controls button:hover { background: #eaeef2; }
.help { color: #8c959f; font-size: 12px; margin-left: auto; }
#banner { padding: 6px 12px; background: #ffebe9; border-bottom: 1px solid #ff8182; color: #82071e; cursor: pointer; }
#banner b { margin-right: 6px; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 4px 12px; border-bottom: 1px solid #eaeef2; font-size: 12px; color: #424a53; }
#legend .item { display: inline-flex; align-items: center; gap: 5px; }
#legend canvas { vertical-align: middle; }
main { flex: 1; display: flex; min-height: 0; }
#chart { flex: 1; position: relative; overflow-y: auto; overflow-x: hidden; min-width: 0; }
#canvas { display: block; cursor: crosshair; }
#canvas.panning { cursor: grabbing; }
#notice { position: absolute; top: 34px; left: 50%; transform: translateX(-50%); background: rgba(255,248,197,0.95); border: 1px solid #d4a72c; border-radius: 4px; padding: 2px 10px; font-size: 12px; pointer-events: none; }
aside { width: 420px; max-width: 45vw; border-left: 1px solid #d0d7de; overflow: auto; padding: 8px 12px; background: #fbfcfd; }
aside h2 { font-size: 14px; margin: 4px 0 6px; }
aside h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: #57606a; margin: 12px 0 4px; }
aside pre { margin: 0; padding: 6px 8px; background: #fff; border: 1px solid #eaeef2; border-radius: 4px; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; max-height: 420px; overflow: auto; }
aside .hint, aside .note { color: #57606a; }
aside .note { font-style: italic; }
aside ul { margin: 0; padding-left: 18px; }
aside a { color: #0969da; cursor: pointer; text-decoration: none; }
aside a:hover { text-decoration: underline; }
aside .nav { display: flex; gap: 8px; margin: 6px 0; }
aside .nav button { font: inherit; padding: 1px 8px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; cursor: pointer; }
aside .violation { color: #82071e; background: #ffebe9; border: 1px solid #ff8182; border-radius: 4px; padding: 4px 8px; }
aside .changed { color: #0a3069; }
`;
