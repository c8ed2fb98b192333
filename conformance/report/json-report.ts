import type { ConformanceReport, RequirementResult } from '../run-conformance.js';
import type { Redactor } from './redact.js';
import { countStatuses, verdictLine } from './summarize.js';

/** The whole report as JSON, with counts and a replay command per failure; credentials redacted. */
export function renderJson(report: ConformanceReport, redact: Redactor, replay: (result: RequirementResult) => string): string {
  const document = {
    ...report,
    summary: verdictLine(report),
    counts: countStatuses(report),
    results: report.results.map((result) => ({
      ...result,
      ...(result.counterexample ? { replay: replay(result) } : {}),
    })),
  };
  return `${redact(JSON.stringify(document, null, 2))}\n`;
}
