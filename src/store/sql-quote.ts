// The one place identifiers and literals are quoted for SQL. Values from logs are always bound as
// parameters (bindParam); the quoting helpers are for names and for paths that exhunt itself generated.

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/** Adds a value to a query's parameters and returns its placeholder (`$n`). */
export function bindParam(params: unknown[], value: unknown): string {
  params.push(value)
  return `$${params.length}`
}
