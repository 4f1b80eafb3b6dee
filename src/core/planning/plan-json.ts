// JSON export of a plan as a stream of chunks: the same document JSON.stringify(plan) describes,
// but a million assignments never have to fit in one string.
import type { Plan } from './plan.ts';

export function* planJsonChunks(plan: Plan, batchSize = 2_000): Generator<string> {
  const { assignments, ...header } = plan;
  const head = JSON.stringify(header);
  yield `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"assignments":[`;
  for (let i = 0; i < assignments.length; i += batchSize) {
    const part = JSON.stringify(assignments.slice(i, i + batchSize));
    yield `${i > 0 ? ',' : ''}${part.slice(1, -1)}`;
  }
  yield ']}';
}
