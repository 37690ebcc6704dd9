/** A stack's project options as people read them: `region eu, tableFormat parquet`, or `no options`. */
export function describeOptions(options: Readonly<Record<string, string | number | boolean>>): string {
  return (
    Object.entries(options)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(", ") || "no options"
  );
}
