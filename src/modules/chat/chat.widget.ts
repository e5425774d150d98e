import path from 'node:path';
import { browserScript, WEB_SRC } from '../public/bundle.ts';

const SOURCE = path.join(WEB_SRC, 'widget', 'chat-widget.ts');

export interface BuiltWidget {
  js: string;
  gzip: Buffer;
  etag: string;
}

/** The widget script, bundled on first request (src/modules/public/bundle.ts). */
export async function widgetScript(): Promise<BuiltWidget> {
  const w = await browserScript(SOURCE);
  return { js: w.js, gzip: w.gzip, etag: `"${w.hash}"` };
}

/** The widget's styles, a file of their own so pages with a strict CSP need no inline style. */
export const WIDGET_CSS = `
.o1022c{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:16px/1.4 system-ui,sans-serif;color:#1a1a1a}
.o1022c button{font:inherit;cursor:pointer;border-radius:.4rem;border:1px solid #0b5394;padding:.45rem .8rem;background:#fff;color:#0b5394;min-height:44px}
.o1022c button[type=submit],.o1022c .o1022c-launch,.o1022c .o1022c-handoff{background:#0b5394;color:#fff}
.o1022c :focus-visible{outline:3px solid #f1a208;outline-offset:2px}
.o1022c-launch{box-shadow:0 2px 8px #0004;border-radius:2rem!important;padding:.7rem 1.1rem!important}
.o1022c-panel{position:fixed;right:1rem;bottom:1rem;width:min(24rem,calc(100vw - 2rem));height:min(36rem,calc(100vh - 2rem));display:flex;flex-direction:column;background:#fff;border:1px solid #999;border-radius:.6rem;box-shadow:0 4px 24px #0005}
.o1022c [hidden]{display:none!important}
.o1022c-head{display:flex;align-items:center;justify-content:space-between;padding:.5rem .75rem;background:#0b5394;color:#fff;border-radius:.6rem .6rem 0 0}
.o1022c-head h2{font-size:1.05rem;margin:0}
.o1022c-head .o1022c-x{background:transparent;color:#fff;border-color:#fff;min-width:44px}
.o1022c-body{flex:1;display:flex;flex-direction:column;min-height:0;padding:.5rem .75rem;gap:.4rem}
.o1022c-log{flex:1;overflow-y:auto;list-style:none;margin:0;padding:0}
.o1022c-m{margin:.35rem 0;padding:.4rem .6rem;border-radius:.5rem;background:#eef3f8;white-space:pre-wrap;word-break:break-word}
.o1022c-visitor{background:#dcebd9;margin-left:2rem}
.o1022c-system{background:#fff6dd}
.o1022c-pending{opacity:.7}
.o1022c-note{font-size:.8rem;margin-left:.4rem}
.o1022c-kb{padding-left:1rem;margin:.3rem 0}
.o1022c-kb p{margin:.1rem 0 .4rem;font-size:.9rem}
.o1022c-form{display:flex;flex-direction:column;gap:.3rem;overflow-y:auto}
.o1022c-form input,.o1022c textarea{font:inherit;padding:.4rem;border:1px solid #666;border-radius:.3rem}
.o1022c-compose{display:flex;flex-wrap:wrap;gap:.3rem}
.o1022c-compose label{flex-basis:100%;font-size:.9rem}
.o1022c-compose textarea{flex:1}
.o1022c-actions{display:flex;gap:.4rem;flex-wrap:wrap}
.o1022c-error{color:#a00;margin:0}
.o1022c-status{margin:0 .75rem;color:#a00}
.o1022c-status:empty{display:none}
.o1022c-code{font-weight:700;margin:0}
.o1022c-code:empty{display:none}
`;

/** A page that embeds the widget as any site would: one script tag. */
export function demoPage(): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hỏi đáp trực tuyến — Tổng đài 1022 (trang thử)</title>
</head>
<body>
<main>
<h1>Tổng đài thông tin dịch vụ công 1022</h1>
<p>Trang thử nghiệm khung trò chuyện trực tuyến. Bấm nút “Trò chuyện với Tổng đài 1022” ở góc dưới bên phải.</p>
<p lang="en">Demo page of the live-chat widget: press the button at the bottom right.</p>
</main>
<script src="/chat/widget.js" defer></script>
</body>
</html>
`;
}
