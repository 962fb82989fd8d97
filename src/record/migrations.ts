// The record database's schema, as ordered migrations. A migration, once released, never changes:
// add a new one. Ids sort in the order they apply.
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [];
