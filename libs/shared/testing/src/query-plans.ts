// What a query plan reads, for specs that check a statement's cost follows what it asks for: the
// tables read by nodes of one type (sequential scans, index scans), anywhere in the plan, init and
// sub-plans included, from the answer of EXPLAIN (FORMAT JSON) as a driver returns it.

/** The tables (Relation Name) that nodes of `nodeType` read in an EXPLAIN (FORMAT JSON) answer, each once. */
export function tablesReadBy(explained: unknown, nodeType: string): string[] {
  const tables = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node['Node Type'] === nodeType && typeof node['Relation Name'] === 'string') tables.add(node['Relation Name']);
    Object.values(node).forEach(visit);
  };
  visit(explained);
  return [...tables];
}
