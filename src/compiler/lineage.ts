/**
 * The pipeline's lineage: a bipartite graph of tables and jobs. Everything that needs job order,
 * upstream jobs (triggers), read/write sets (IAM) or a picture asks this graph.
 */
export interface JobIO {
  readonly name: string;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

export class Lineage {
  private readonly byName: ReadonlyMap<string, JobIO>;
  private readonly producers: ReadonlyMap<string, string>;
  private readonly upstream: ReadonlyMap<string, readonly string[]>;
  private readonly consumers: ReadonlyMap<string, readonly string[]>;
  /** Jobs in an order where every job comes after the jobs producing its inputs. */
  readonly jobOrder: readonly string[];

  constructor(
    jobs: readonly JobIO[],
    readonly tables: readonly string[],
  ) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
    const producers = new Map<string, string>();
    for (const j of jobs) for (const t of j.writes) if (!producers.has(t)) producers.set(t, j.name);
    this.producers = producers;
    const direct = new Map(
      jobs.map((j) => [
        j.name,
        [...new Set(j.reads.map((t) => producers.get(t)).filter((p): p is string => p !== undefined && p !== j.name))],
      ]),
    );
    this.jobOrder = topologicalOrder(
      jobs.map((j) => j.name),
      (name) => direct.get(name) ?? [],
    );
    const rank = new Map(this.jobOrder.map((n, i) => [n, i]));
    this.upstream = new Map([...direct].map(([n, ups]) => [n, [...ups].sort((a, b) => rank.get(a)! - rank.get(b)!)]));
    const consumers = new Map<string, string[]>();
    for (const n of this.jobOrder)
      for (const t of new Set(this.byName.get(n)!.reads)) consumers.set(t, [...(consumers.get(t) ?? []), n]);
    this.consumers = consumers;
  }

  get jobs(): readonly JobIO[] {
    return this.jobOrder.map((n) => this.byName.get(n)!);
  }

  job(name: string): JobIO {
    const j = this.byName.get(name);
    if (!j) throw new Error(`Lineage has no job ${JSON.stringify(name)}.`);
    return j;
  }

  producerOf(table: string): string | undefined {
    return this.producers.get(table);
  }

  consumersOf(table: string): readonly string[] {
    return this.consumers.get(table) ?? [];
  }

  /** Jobs whose outputs this job reads, each once, in job order. */
  upstreamJobs(job: string): readonly string[] {
    this.job(job);
    return this.upstream.get(job) ?? [];
  }

  downstreamJobs(job: string): string[] {
    return [...new Set(this.job(job).writes.flatMap((t) => this.consumersOf(t)))].filter((n) => n !== job);
  }

  /** Tables no job writes: the pipeline's inputs. */
  get sourceTables(): string[] {
    return this.tables.filter((t) => !this.producers.has(t));
  }
}

/**
 * Kahn's algorithm, taking ready nodes in their declared order so the result is deterministic.
 * Nodes on a cycle are appended at the end; `findCycle` reports them.
 */
export function topologicalOrder(nodes: readonly string[], upstream: (n: string) => readonly string[]): string[] {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const pending = new Map<string, number>();
  const downstream = new Map<string, string[]>();
  for (const n of nodes) {
    const ups = [...new Set(upstream(n))].filter((u) => index.has(u) && u !== n);
    pending.set(n, ups.length);
    for (const u of ups) downstream.set(u, [...(downstream.get(u) ?? []), n]);
  }
  const ready = nodes.filter((n) => pending.get(n) === 0);
  const order: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => index.get(a)! - index.get(b)!);
    const n = ready.shift()!;
    order.push(n);
    for (const d of downstream.get(n) ?? []) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  const placed = new Set(order);
  return [...order, ...nodes.filter((n) => !placed.has(n))];
}

/** One cycle in a dependency graph, as a path that starts and ends at the same node. */
export function findCycle(nodes: readonly string[], upstream: (n: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "visiting") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "visiting");
    stack.push(n);
    for (const u of upstream(n)) {
      const c = visit(u);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of nodes) {
    const c = visit(n);
    if (c) return c.reverse();
  }
  return undefined;
}
