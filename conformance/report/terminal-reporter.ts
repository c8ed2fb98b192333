import type { ConformanceReport, ProgressEvent, RequirementResult, Status } from '../run-conformance.js';
import type { Redactor } from './redact.js';
import { countStatuses, describeFailure } from './summarize.js';

const MARK: Record<Status, string> = { PASSED: '✓', FAILED: '✗', WARNING: '!', SKIPPED: '-' };

/** Live progress on a stream: one line per requirement as it finishes, details under failures. */
export function createTerminalReporter(write: (text: string) => void, redact: Redactor, replay: (result: RequirementResult) => string) {
  return {
    progress(event: ProgressEvent): void {
      if (event.type !== 'result') return;
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
      const counts = countStatuses(report);
      write(
        `\n${report.passed ? 'CONFORMANT' : 'NOT CONFORMANT'}: ${counts.PASSED} passed, ${counts.FAILED} failed, ${counts.WARNING} warnings, ${counts.SKIPPED} skipped` +
          ` in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed}, ${report.runs} runs)\n`,
      );
    },
  };
}
