import path from 'node:path';

/** `filePath` relative to the repository root with `/` separators, or undefined when it lies outside. */
export function repoRelative(filePath: string, repoRoot: string): string | undefined {
  const relative = path.relative(repoRoot, filePath);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? undefined : relative.split(path.sep).join('/');
}

/** Relative to the repository root, as GitHub and GitLab match paths; a file outside keeps its absolute path (forward slashes). */
export function repoPath(filePath: string, repoRoot: string): string {
  return repoRelative(filePath, repoRoot) ?? path.resolve(filePath).split(path.sep).join('/');
}
