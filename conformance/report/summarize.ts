import type { ConformanceReport, RequirementResult, Status } from '../run-conformance.js';
import type { Step } from '../step.js';

/** Counts per status. */
export function countStatuses(report: ConformanceReport): Record<Status, number> {
  const counts: Record<Status, number> = { PASSED: 0, FAILED: 0, WARNING: 0, SKIPPED: 0 };
  for (const result of report.results) counts[result.status] += 1;
  return counts;
}

/**
 * The verdict as one line: `CONFORMANT: 27 of 27 requirements proven`, `NOT CONFORMANT: …`, or
 * `INCOMPLETE: 3 MUSTs not proven — KEY-FORMAT (why), …`.
 */
export function verdictLine(report: ConformanceReport): string {
  const proven = `${report.proven} of ${report.results.length} requirements proven`;
  if (report.verdict === 'NOT CONFORMANT') {
    const failed = report.results.filter((result) => result.status === 'FAILED').map((result) => result.requirement.id);
    return `NOT CONFORMANT: ${proven}; ${failed.length} MUST${failed.length === 1 ? '' : 's'} failed (${failed.join(', ')})`;
  }
  if (report.verdict === 'INCOMPLETE') {
    const unproven = report.results.filter((result) => result.status === 'SKIPPED' && result.requirement.level === 'MUST');
    return `INCOMPLETE: ${unproven.length} MUST${unproven.length === 1 ? '' : 's'} not proven — ${unproven.map((result) => `${result.requirement.id} (${result.reason})`).join('; ')}; ${proven}`;
  }
  return `CONFORMANT: ${proven}`;
}

/** Evidence of a pass as one line: operations, runs, answers. */
export function describeEvidence(result: RequirementResult): string | undefined {
  const evidence = result.evidence;
  if (!evidence) return undefined;
  const operations = evidence.operations.length > 0 ? ` on ${evidence.operations.length} operation${evidence.operations.length === 1 ? '' : 's'} (${evidence.operations.join(', ')})` : '';
  return `${evidence.answers} answer${evidence.answers === 1 ? '' : 's'} judged in ${evidence.runs} run${evidence.runs === 1 ? '' : 's'}${operations}`;
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
    if (example.observedIn) lines.push(`seen while the ${example.observedIn} check ran:`);
    else lines.push(example.path ? 'shrunk counterexample:' : 'steps:');
    collapseSteps(example.steps).forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
    lines.push(`input: ${example.input}`);
    lines.push(`replay: ${replay(result)}`);
  }
  return lines;
}
