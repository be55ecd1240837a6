/**
 * A readable sentence-case form of an identifier, used as the default description:
 * `createNote` → "Create note", `list_open_tasks` → "List open tasks".
 */
export function readableName(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : identifier;
}
