// The page each of our webviews gets: a strict Content-Security-Policy (nothing from the network, no inline script;
// only our own script, by a fresh nonce, and our own stylesheet), around the body the view brings.
import { randomBytes } from 'crypto';
import type * as vscode from 'vscode';

export interface PageParts {
  script: vscode.Uri;
  style: vscode.Uri;
  /** The markup between <body> and our script. */
  body: string;
  /** Whether the page may show images from the extension (img-src). */
  images?: boolean;
}

export function strictPage(webview: vscode.Webview, p: PageParts): string {
  const nonce = randomBytes(16).toString('base64');
  const images = p.images ? ` img-src ${webview.cspSource};` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource};${images} script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(p.style).toString()}">
</head>
<body>
${p.body}
<script nonce="${nonce}" src="${webview.asWebviewUri(p.script).toString()}"></script>
</body>
</html>`;
}
