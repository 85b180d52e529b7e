/**
 * YAML text for the plan the importer writes: scalars quoted only where YAML would read them as something else,
 * and comments that keep every line of a value. Pure.
 */

/** Plain where it reads back as the same string; otherwise a double-quoted (JSON) string, which YAML reads as is. */
export function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const plain =
    /^[A-Za-z0-9(./][^\n\t]*$/.test(value) &&
    !/:\s|\s#|:$|\s$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) &&
    !/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value) &&
    !/^0[xo]/i.test(value) &&
    !/^\d{4}-\d\d?-\d\d?[Tt ]/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** A scalar inside `{...}` or `[...]`, where a comma or a bracket would end it. */
export function flowScalar(value: string | number): string {
  return typeof value === 'string' && /[,[\]{}]/.test(value) ? JSON.stringify(value) : scalar(value);
}

/** `# text`, one comment line per line of the text, so that a multi-line update stays whole. */
export function comment(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => `#${i ? '   ' : ' '}${line}`.trimEnd());
}
