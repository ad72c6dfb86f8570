/** "Ada Lovelace" → "ada_lovelace": a Last.fm-valid user name (2-15 characters, starting with a letter). */
export function sourceUserName(displayName: string): string {
  const base = displayName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .toLowerCase()
    .slice(0, 15)
    .replace(/_+$/, '');
  return base.length >= 2 ? base : `listener_${base}`.slice(0, 15);
}
