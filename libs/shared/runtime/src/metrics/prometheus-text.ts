// Reads single numbers from a service's /metrics page (Prometheus text format): the sum of every
// series of a metric, whatever its labels. The ops dashboard and the bench read the services this way.

/** Sum over all series of `metric` (exact name, any labels); undefined when the page has none. */
export function sumMetric(text: string, metric: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const labelsEnd = rest[0] === '{' ? closingBrace(rest) : 0;
    const value = Number(rest.slice(labelsEnd).trim().split(/\s+/)[0]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** Per value of one label, the sum of every series of `metric` carrying it (series without it are left out). */
export function sumMetricByLabel(text: string, metric: string, label: string): Map<string, number> {
  const totals = new Map<string, number>();
  const labelPattern = new RegExp(`[{,]${label}="((?:[^"\\\\]|\\\\.)*)"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(`${metric}{`)) continue;
    const rest = line.slice(metric.length);
    const labelsEnd = closingBrace(rest);
    const labelValue = labelPattern.exec(rest.slice(0, labelsEnd))?.[1];
    const value = Number(rest.slice(labelsEnd).trim().split(/\s+/)[0]);
    if (labelValue === undefined || !Number.isFinite(value)) continue;
    const name = labelValue.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    totals.set(name, (totals.get(name) ?? 0) + value);
  }
  return totals;
}

/** Index just after the label set, honouring quoted label values that contain braces. */
function closingBrace(text: string): number {
  let inQuotes = false;
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && inQuotes) i++;
    else if (char === '"') inQuotes = !inQuotes;
    else if (char === '}' && !inQuotes) return i + 1;
  }
  return text.length;
}
