import type { ConformanceReport, RequirementResult, Status } from '../run-conformance.js';
import type { Step } from '../step.js';

/** Counts per status. */
export function countStatuses(report: ConformanceReport): Record<Status, number> {
  const counts: Record<Status, number> = { PASSED: 0, FAILED: 0, WARNING: 0, SKIPPED: 0 };
  for (const result of report.results) counts[result.status] += 1;
  return counts;
}

/** Steps for humans: runs of the same request collapse into one line with a count. */
export function collapseSteps(steps: readonly Step[]): string[] {
  const lines: string[] = [];
  let previous = '';
  let repeat = 0;
  const flush = () => {
    if (previous) lines.push(repeat > 1 ? `${previous}  (×${repeat})` : previous);
  };
  for (const step of steps) {
    const line = `${step.method} ${step.path} → ${step.status}  — ${step.label.replace(/request \d+ /, 'request ')}`;
    if (line === previous) repeat += 1;
    else {
      flush();
      previous = line;
      repeat = 1;
    }
  }
  flush();
  return lines;
}

/** A failure as text: expectation, answer, the shrunk steps and how to replay it. */
export function describeFailure(result: RequirementResult, replay: (result: RequirementResult) => string): string[] {
  const lines: string[] = [];
  if (result.reason) lines.push(result.reason);
  const example = result.counterexample;
  if (example) {
    lines.push(`expected ${example.expected}, got ${example.got}`);
    lines.push('shrunk counterexample:');
    collapseSteps(example.steps).forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
    lines.push(`input: ${example.input}`);
    lines.push(`replay: ${replay(result)}`);
  }
  return lines;
}
