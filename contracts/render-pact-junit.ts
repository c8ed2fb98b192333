import { escapeXml } from '../conformance/report/junit-report.js';
import type { InteractionVerdict } from './verify-pacts.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML of a `verify-pact` run, like `conform`'s: one testsuite per pact file, one testcase per
 * interaction. A failed interaction is a failure naming each mismatch; an incomplete one is skipped with
 * the reason it could not be verified.
 */
export function renderPactJunit(verdicts: readonly InteractionVerdict[], target: string, durationMs: number): string {
  const count = (list: readonly InteractionVerdict[], status: InteractionVerdict['status']): number => list.filter((verdict) => verdict.status === status).length;
  const suites = [...new Set(verdicts.map((verdict) => verdict.pact))].map((pact) => {
    const own = verdicts.filter((verdict) => verdict.pact === pact);
    const cases = own.map(({ interaction, status, reasons, durationMs: ms }) => {
      const given = interaction.providerStates.length === 0 ? '' : ` (given ${interaction.providerStates.map((state) => state.name).join(', ')})`;
      const open = `    <testcase classname="pact.${escapeXml(pact.consumer)}.${escapeXml(pact.provider)}" name="${escapeXml(interaction.description + given)}" time="${seconds(ms)}">`;
      if (status === 'failed') return `${open}\n      <failure message="${escapeXml(reasons[0] ?? 'failed')}">${escapeXml(reasons.join('\n'))}</failure>\n    </testcase>`;
      if (status === 'incomplete') return `${open}\n      <skipped message="${escapeXml(`could not be verified: ${reasons.join('; ')}`)}"/>\n    </testcase>`;
      return `${open}</testcase>`;
    });
    return [
      `  <testsuite name="${escapeXml(`${pact.consumer} → ${pact.provider} @ ${target}`)}" tests="${own.length}" failures="${count(own, 'failed')}" skipped="${count(own, 'incomplete')}" errors="0" time="${seconds(own.reduce((sum, verdict) => sum + verdict.durationMs, 0))}">`,
      `    <properties><property name="pact" value="${escapeXml(pact.path)}"/><property name="specification" value="${escapeXml(pact.specification)}"/></properties>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authproof verify-pact" tests="${verdicts.length}" failures="${count(verdicts, 'failed')}" skipped="${count(verdicts, 'incomplete')}" time="${seconds(durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
