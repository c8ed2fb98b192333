import type { ConformanceReport, ProgressEvent, RequirementResult, Status } from '../run-conformance.js';
import type { Redactor } from './redact.js';
import { describeFailure, verdictLine } from './summarize.js';

const MARK: Record<Status, string> = { PASSED: '✓', FAILED: '✗', WARNING: '!', SKIPPED: '-' };

/** Progress on a stream: a line as each check starts, one line per requirement, details under failures. */
export function createTerminalReporter(write: (text: string) => void, redact: Redactor, replay: (result: RequirementResult) => string) {
  return {
    progress(event: ProgressEvent): void {
      if (event.type === 'check') {
        write(`  … ${event.check} check (${event.requirements} requirement${event.requirements === 1 ? '' : 's'})\n`);
        return;
      }
      const { result } = event;
      const seconds = (result.durationMs / 1000).toFixed(1);
      let line = `  ${MARK[result.status]} ${result.status.padEnd(7)} ${result.requirement.id.padEnd(26)} ${result.requirement.level.padEnd(6)} ${seconds.padStart(5)} s`;
      if (result.status === 'SKIPPED') line += `  ${result.reason}`;
      write(`${redact(line)}\n`);
      if (result.status === 'FAILED' || result.status === 'WARNING') {
        for (const detail of describeFailure(result, replay)) write(`      ${redact(detail)}\n`);
      }
    },
    summary(report: ConformanceReport): void {
      const notServed = report.coverage.filter((row) => row.status === 'not served');
      if (notServed.length > 0) {
        write(`\nnot served by the target (left out of the probes):\n`);
        for (const row of notServed) write(`  ${row.method} ${row.path} (${row.operation}): ${redact(row.reason ?? '')}\n`);
      }
      if (report.unproven.length > 0) {
        write(`\ndeclared by the profile, proven by no requirement of this version (not part of the verdict):\n`);
        for (const declaration of report.unproven) write(`  ${declaration}\n`);
      }
      write(`\n${redact(verdictLine(report))} in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed}, ${report.runs} runs)\n`);
    },
  };
}
