import type { ConformanceReport, RequirementResult } from '../run-conformance.js';
import { describeSource } from '../requirements.js';
import type { Redactor } from './redact.js';
import { countStatuses, describeEvidence, describeFailure, verdictLine } from './summarize.js';

/** Text as XML character data or attribute value; characters XML 1.0 cannot hold are dropped. */
export const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/g, '');

/** What identifies a run: the tool, the profile document, the target, the seed and how to reproduce it. */
export function runProperties(report: ConformanceReport): Record<string, string> {
  return {
    verdict: verdictLine(report),
    ...(report.tool ? { 'authproof.version': report.tool.version, command: report.tool.command } : {}),
    profile: report.profile,
    'profile.source': report.profileSource,
    'profile.sha256': report.profileSha256,
    target: report.target,
    seed: String(report.seed),
    runs: String(report.runs),
  };
}

/**
 * JUnit XML: one testsuite, one testcase per requirement. FAILED is a failure, SKIPPED is skipped with its
 * reason, a WARNING (SHOULD not met) passes with the details in system-out and a `result` property, a
 * pass lists its evidence in system-out; the run's identity is in the suite's properties.
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
        return `${open}${properties}\n      <system-out>${escapeXml(describeEvidence(result) ?? '')}</system-out>\n    </testcase>`;
    }
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authproof conform" tests="${report.results.length}" failures="${counts.FAILED}" skipped="${counts.SKIPPED}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${escapeXml(`${report.profile} @ ${redact(report.target)}`)}" tests="${report.results.length}" failures="${counts.FAILED}" skipped="${counts.SKIPPED}" errors="0" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `    <properties>${Object.entries(runProperties(report))
      .map(([name, value]) => `<property name="${name}" value="${escapeXml(redact(value))}"/>`)
      .join('')}</properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
