// Which read endpoints a service offers, from its own OpenAPI document, and how to fill their
// parameters from a loaded history: so that endpoints added later are measured without changing
// the bench. Every GET is planned once with its optional query parameters left out, then once more
// for each optional one (or from/to pair) the bench can fill: a past time, a period, a key's SKU
// or location (or part of a SKU for a search text `q`), and once with SKU and location together. Paging and filters it cannot fill are left at their defaults; an endpoint with a
// required parameter it cannot fill is named as not measured.

export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string; format?: string; enum?: unknown[] };
}

export interface OpenApiDocument {
  paths?: Record<string, { get?: { parameters?: OpenApiParameter[] }; parameters?: OpenApiParameter[] }>;
}

/** Values drawn afresh for every request. */
export interface QueryValues {
  sku: string;
  locationId: string;
  /** A business time within the loaded history, ISO-8601. */
  time: string;
  /** A period within the loaded history: ISO-8601 times, from before to. */
  period: { from: string; to: string };
}

export interface PlannedQuery {
  /** e.g. "GET /v1/stock/{sku}/{locationId}?asOf". */
  label: string;
  url: (values: QueryValues) => string;
}

const NOT_QUERIED = /^\/(health|metrics|docs)(\/|$)/;
type Filler = (values: QueryValues) => string;

/** How to fill a parameter from its name and schema; undefined when the bench cannot. */
export function fillerOf(parameter: OpenApiParameter): Filler | undefined {
  const filler = fillerByName(parameter);
  // A date-only parameter gets the day of the time or bound it would have had.
  return filler && parameter.schema?.format === 'date' ? (values) => filler(values).slice(0, 10) : filler;
}

function fillerByName(parameter: OpenApiParameter): Filler | undefined {
  const name = parameter.name.toLowerCase();
  // A search text: part of a loaded SKU as a person types it (its last four characters when it has more than six).
  if (name === 'q') return (values) => (values.sku.length > 6 ? values.sku.slice(-4) : values.sku);
  if (name.includes('sku')) return (values) => values.sku;
  if (name.includes('location')) return (values) => values.locationId;
  if (/^(from|since|start)/.test(name)) return (values) => values.period.from;
  if (/^(to|until|end)/.test(name)) return (values) => values.period.to;
  if (name === 'asof' || /^date(-time)?$/.test(parameter.schema?.format ?? '') || /(time|at|day|date)$/.test(name)) return (values) => values.time;
  if (name === 'period' || name === 'month') return (values) => values.time.slice(0, 7);
  const [first] = parameter.schema?.enum ?? [];
  if (parameter.required && first !== undefined) return () => String(first);
  return undefined;
}

export function planQueries(baseUrl: string, document: OpenApiDocument): { queries: PlannedQuery[]; unmeasured: string[] } {
  const queries: PlannedQuery[] = [];
  const unmeasured: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item.get || NOT_QUERIED.test(path)) continue;
    const parameters = [...(item.parameters ?? []), ...(item.get.parameters ?? [])];
    const required = parameters.filter((parameter) => parameter.in === 'path' || parameter.required);
    const missing = required.filter((parameter) => !fillerOf(parameter)).map((parameter) => parameter.name);
    if (missing.length > 0) {
      unmeasured.push(`GET ${path} (no value for ${missing.join(', ')})`);
      continue;
    }
    const optional = parameters.filter((parameter) => parameter.in === 'query' && !parameter.required && fillerOf(parameter));
    const variants: OpenApiParameter[][] = [[]];
    const periodBounds = optional.filter((parameter) => /^(from|since|start|to|until|end)/i.test(parameter.name));
    if (periodBounds.length > 0) variants.push(periodBounds);
    for (const parameter of optional) if (!periodBounds.includes(parameter)) variants.push([parameter]);
    // A filter by SKU and location may want both (one key), or take either alone.
    const keyParts = optional.filter((parameter) => /sku|location/i.test(parameter.name));
    if (keyParts.length > 1) variants.push(keyParts);
    for (const variant of variants) queries.push(plannedQuery(baseUrl, path, required, variant));
  }
  return { queries, unmeasured };
}

function plannedQuery(baseUrl: string, path: string, required: OpenApiParameter[], variant: OpenApiParameter[]): PlannedQuery {
  const inQuery = [...required.filter((parameter) => parameter.in === 'query'), ...variant];
  const suffix = variant.length > 0 ? `?${variant.map((parameter) => parameter.name).join('&')}` : '';
  return {
    label: `GET ${path}${suffix}`,
    url: (values) => {
      let filled = path;
      for (const parameter of required.filter((candidate) => candidate.in === 'path')) {
        filled = filled.replace(`{${parameter.name}}`, encodeURIComponent((fillerOf(parameter) as Filler)(values)));
      }
      const url = new URL(filled, baseUrl);
      for (const parameter of inQuery) url.searchParams.set(parameter.name, (fillerOf(parameter) as Filler)(values));
      return url.toString();
    },
  };
}
