import type { ConformanceReport, RequirementResult, Status } from '../run-conformance.js';
import { describeSource } from '../requirements.js';
import type { Redactor } from './redact.js';
import { collapseSteps, countStatuses } from './summarize.js';

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char]!);

const COLORS: Record<Status, string> = { PASSED: '#1a7f37', FAILED: '#cf222e', WARNING: '#9a6700', SKIPPED: '#6e7781' };

function details(result: RequirementResult, replay: (result: RequirementResult) => string): string {
  const parts: string[] = [];
  if (result.reason) parts.push(`<p class="reason">${escapeHtml(result.reason)}</p>`);
  const example = result.counterexample;
  if (example) {
    parts.push(
      `<details open><summary>expected ${escapeHtml(example.expected)}, got ${escapeHtml(example.got)}</summary>`,
      `<ol class="steps">${collapseSteps(example.steps).map((step) => `<li><code>${escapeHtml(step)}</code></li>`).join('')}</ol>`,
      `<p>input: <code>${escapeHtml(example.input)}</code></p>`,
      `<p>replay: <code class="replay">${escapeHtml(replay(result))}</code></p></details>`,
    );
  }
  return parts.join('');
}

/**
 * A self-contained HTML report (no external resources): the verdict, then the requirements matrix — one
 * row per requirement with its level, status, statement, source sentence and any counterexample.
 */
export function renderHtml(report: ConformanceReport, redact: Redactor, replay: (result: RequirementResult) => string): string {
  const counts = countStatuses(report);
  const rows = report.results
    .map(
      (result) => `<tr class="${result.status.toLowerCase()}" data-requirement="${escapeHtml(result.requirement.id)}" data-status="${result.status}">
<td><code>${escapeHtml(result.requirement.id)}</code></td><td>${result.requirement.level}</td>
<td class="status" style="color:${COLORS[result.status]}">${result.status}</td>
<td>${escapeHtml(result.requirement.statement)}</td><td class="source">${escapeHtml(describeSource(result.requirement))}</td>
<td>${details(result, replay)}</td></tr>`,
    )
    .join('\n');
  const summary = (Object.keys(counts) as Status[])
    .map((status) => `<span class="count" style="color:${COLORS[status]}" data-status="${status}">${counts[status]} ${status}</span>`)
    .join(' · ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>authproof conformance — ${escapeHtml(report.profile)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.4rem;margin:0 0 .25rem}.meta{color:#57606a;margin:0 0 1rem}
.verdict{font-weight:700;font-size:1.1rem}.verdict.pass{color:${COLORS.PASSED}}.verdict.fail{color:${COLORS.FAILED}}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.4rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.status{font-weight:700;white-space:nowrap}td.source{color:#57606a;font-size:.9em;max-width:28rem}
tr.failed{background:#ffebe9}tr.warning{background:#fff8c5}tr.skipped{color:#57606a}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}ol.steps{margin:.3rem 0;padding-left:1.4rem}.reason{margin:0}
</style></head><body>
<h1>authproof conformance report</h1>
<p class="meta">profile <code>${escapeHtml(report.profile)}</code> · target <code>${escapeHtml(report.target)}</code> · seed <code>${report.seed}</code> · ${report.runs} runs · ${escapeHtml(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
<p class="verdict ${report.passed ? 'pass' : 'fail'}" id="verdict">${report.passed ? 'CONFORMANT: every applicable MUST passed' : 'NOT CONFORMANT: a MUST failed'}</p>
<p id="counts">${summary}</p>
<table id="requirements"><thead><tr><th>Requirement</th><th>Level</th><th>Status</th><th>Statement</th><th>Source</th><th>Details</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
  return redact(html);
}
