/**
 * Text from a file (a header cell, a sheet name) made safe for a terminal: control characters, escape sequences
 * among them, are shown as their control pictures (ESC as ␛) instead of being obeyed by the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\uFFFD';
  });
}
