// The one place identifiers and literals are quoted for SQL. Values from logs are always bound as
// parameters; these helpers are for names and for paths that exhunt itself generated.

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
