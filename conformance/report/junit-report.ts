import type { ConformanceReport, RequirementResult } from '../run-conformance.js';
import { describeSource } from '../requirements.js';
import type { Redactor } from './redact.js';
import { countStatuses, describeFailure } from './summarize.js';

/** Text as XML character data or attribute value; characters XML 1.0 cannot hold are dropped. */
export const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/g, '');

/**
 * JUnit XML: one testsuite, one testcase per requirement. FAILED is a failure, SKIPPED is skipped with its
 * reason, a WARNING (SHOULD not met) passes with the details in system-out and a `result` property.
 */
export function renderJunit(report: ConformanceReport, redact: Redactor, replay: (result: RequirementResult) => string): string {
  const counts = countStatuses(report);
  const cases = report.results.map((result) => {
    const { requirement } = result;
    const name = escapeXml(`${requirement.id} (${requirement.level}): ${requirement.statement}`);
    const details = escapeXml(redact(describeFailure(result, replay).join('\n')));
    const open = `    <testcase classname="authproof.${report.profile}" name="${name}" time="${(result.durationMs / 1000).toFixed(3)}">`;
    const properties = `\n      <properties><property name="result" value="${result.status}"/><property name="source" value="${escapeXml(describeSource(requirement))}"/></properties>`;
    switch (result.status) {
      case 'FAILED':
        return `${open}${properties}\n      <failure message="${escapeXml(redact(result.counterexample ? `expected ${result.counterexample.expected}, got ${result.counterexample.got}` : (result.reason ?? 'failed')))}">${details}</failure>\n    </testcase>`;
      case 'SKIPPED':
        return `${open}${properties}\n      <skipped message="${escapeXml(result.reason ?? '')}"/>\n    </testcase>`;
      case 'WARNING':
        return `${open}${properties}\n      <system-out>WARNING (SHOULD not met)\n${details}</system-out>\n    </testcase>`;
      default:
        return `${open}${properties}\n    </testcase>`;
    }
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authproof conform" tests="${report.results.length}" failures="${counts.FAILED}" skipped="${counts.SKIPPED}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${escapeXml(`${report.profile} @ ${redact(report.target)}`)}" tests="${report.results.length}" failures="${counts.FAILED}" skipped="${counts.SKIPPED}" errors="0" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `    <properties><property name="seed" value="${report.seed}"/><property name="runs" value="${report.runs}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
