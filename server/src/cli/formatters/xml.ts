/** Text for an XML attribute or element: the five special characters escaped, and characters XML 1.0 forbids dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** `name="value"` pairs, escaped. */
export function xmlAttributes(attributes: Record<string, string | number>): string {
  return Object.entries(attributes).map(([name, value]) => `${name}="${xmlText(String(value))}"`).join(' ');
}
