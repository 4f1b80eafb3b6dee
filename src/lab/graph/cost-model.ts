// Resource-unit cost of a request (graph.md A9): the route's base cost with the $select (-1),
// $expand (+1) and $top < 20 (-1) modifiers, never below 1; POST/PATCH/PUT/DELETE also cost a write.
export function resourceUnits(baseCost: number, query: URLSearchParams): number {
  let cost = baseCost;
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) cost -= 1;
  return Math.max(1, cost);
}

export function isWriteMethod(method: string): boolean {
  return ['POST', 'PATCH', 'PUT', 'DELETE'].includes(method.toUpperCase());
}
