import type { ConformanceReport, RequirementResult, Status } from '../run-conformance.js';
import { describeSource } from '../requirements.js';
import { runProperties } from './junit-report.js';
import type { Redactor } from './redact.js';
import { collapseSteps, countStatuses, describeEvidence, verdictLine } from './summarize.js';

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char]!);

const COLORS: Record<Status, string> = { PASSED: '#1a7f37', FAILED: '#cf222e', WARNING: '#9a6700', SKIPPED: '#6e7781' };

function source(result: RequirementResult): string {
  const { url } = result.requirement.source;
  const text = escapeHtml(describeSource(result.requirement));
  return url ? text.replace(escapeHtml(url), `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`) : text;
}

function details(result: RequirementResult, replay: (result: RequirementResult) => string): string {
  const parts: string[] = [];
  if (result.reason) parts.push(`<p class="reason">${escapeHtml(result.reason)}</p>`);
  const evidence = describeEvidence(result);
  if (evidence) parts.push(`<p class="evidence">${escapeHtml(evidence)}</p>`);
  const example = result.counterexample;
  if (example) {
    parts.push(
      `<details open><summary>expected ${escapeHtml(example.expected)}, got ${escapeHtml(example.got)}</summary>`,
      example.observedIn ? `<p>seen while the ${escapeHtml(example.observedIn)} check ran</p>` : '',
      `<ol class="steps">${collapseSteps(example.steps).map((step) => `<li><code>${escapeHtml(step)}</code></li>`).join('')}</ol>`,
      `<p>input: <code>${escapeHtml(example.input)}</code></p>`,
      `<p>replay: <code class="replay">${escapeHtml(replay(result))}</code></p></details>`,
    );
  }
  return parts.join('');
}

/**
 * A self-contained HTML certificate (no external resources): what was run (authproof version, profile
 * document and its SHA-256, target, seed, the command that reproduces it), the verdict, the requirements
 * matrix — level, status, statement, the provider's sentence it comes from, the evidence of a pass or the
 * counterexample of a failure — and the coverage of the profile's operations.
 */
export function renderHtml(report: ConformanceReport, redact: Redactor, replay: (result: RequirementResult) => string): string {
  const counts = countStatuses(report);
  const rows = report.results
    .map(
      (result) => `<tr class="${result.status.toLowerCase()}" data-requirement="${escapeHtml(result.requirement.id)}" data-status="${result.status}">
<td><code>${escapeHtml(result.requirement.id)}</code></td><td>${result.requirement.level}</td>
<td class="status" style="color:${COLORS[result.status]}">${result.status}</td>
<td>${escapeHtml(result.requirement.statement)}</td><td class="source">${source(result)}</td>
<td class="details">${details(result, replay)}</td></tr>`,
    )
    .join('\n');
  const coverage = report.coverage
    .map(
      (row) => `<tr class="${row.status === 'not served' ? 'skipped' : ''}" data-operation="${escapeHtml(row.operation)}" data-served="${row.status}">
<td><code>${escapeHtml(row.operation)}</code></td><td><code>${escapeHtml(`${row.method} ${row.path}`)}</code></td><td>${row.status}${row.reason ? `: ${escapeHtml(row.reason)}` : ''}</td>
<td>${row.requirements.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</td></tr>`,
    )
    .join('\n');
  const identity = Object.entries(runProperties(report))
    .filter(([name]) => name !== 'verdict')
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd><code>${escapeHtml(value)}</code></dd>`)
    .join('');
  const summary = (Object.keys(counts) as Status[])
    .map((status) => `<span class="count" style="color:${COLORS[status]}" data-status="${status}">${counts[status]} ${status}</span>`)
    .join(' · ');
  const verdictClass = report.verdict === 'CONFORMANT' ? 'pass' : report.verdict === 'INCOMPLETE' ? 'incomplete' : 'fail';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>authproof conformance — ${escapeHtml(report.profileTitle)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;max-width:100%}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
dl.identity{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0 1rem}dl.identity dt{color:#57606a}dl.identity dd{margin:0;overflow-wrap:anywhere}
.verdict{font-weight:700;font-size:1.1rem}.verdict.pass{color:${COLORS.PASSED}}.verdict.fail{color:${COLORS.FAILED}}.verdict.incomplete{color:${COLORS.WARNING}}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border:1px solid #d0d7de;padding:.4rem .5rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f6f8fa}td.status{font-weight:700;overflow-wrap:normal}td.source{color:#57606a;font-size:.9em}
#requirements col.id{width:13rem}#requirements col.level{width:5rem}#requirements col.status{width:6.5rem}#requirements col.details{width:34%}
tr.failed{background:#ffebe9}tr.warning{background:#fff8c5}tr.skipped{color:#57606a}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;overflow-wrap:anywhere}ol.steps{margin:.3rem 0;padding-left:1.4rem}.reason,.evidence{margin:0}
</style></head><body>
<h1>authproof conformance certificate — ${escapeHtml(report.profileTitle)}</h1>
<dl class="identity">${identity}<dt>started</dt><dd>${escapeHtml(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</dd></dl>
<p class="verdict ${verdictClass}" id="verdict">${escapeHtml(verdictLine(report))}</p>
<p id="counts">${summary}</p>
<h2>Requirements</h2>
<table id="requirements"><colgroup><col class="id"><col class="level"><col class="status"><col><col><col class="details"></colgroup>
<thead><tr><th>Requirement</th><th>Level</th><th>Status</th><th>Statement</th><th>Source</th><th>Evidence or counterexample</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${report.unproven.length === 0 ? '' : `<h2>Declared by the profile, proven by no requirement</h2>\n<ul id="unproven">${report.unproven.map((declaration) => `<li>${escapeHtml(declaration)}</li>`).join('')}</ul>\n`}<h2>Coverage of the profile's operations</h2>
<table id="coverage"><thead><tr><th>Operation</th><th>Request</th><th>Served</th><th>Requirements that exercised it</th></tr></thead>
<tbody>
${coverage}
</tbody></table>
</body></html>
`;
  return redact(html);
}
