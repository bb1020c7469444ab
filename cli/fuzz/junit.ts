import { formatSeedRange, type FuzzReport } from '../../sim/index.js';

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * JUnit XML for CI test reporters: one test case per failure group (named by its signature, so the
 * same bug keeps the same name across runs) and one for the run as a whole.
 */
export function junitXml(report: FuzzReport): string {
  const suite = `faultline fuzz ${report.scenario}`;
  const className = `faultline.${report.scenario}`;
  const shard = report.shard.count > 1 ? ` shard ${report.shard.index}/${report.shard.count}` : '';
  const runName = `fuzz ${report.scenario} seeds ${formatSeedRange(report.range)}${shard}`;
  const seconds = (report.wallMs / 1000).toFixed(3);
  const cases: string[] = [];
  for (const group of report.groups) {
    const body = [
      group.message,
      `seeds (${group.count}): ${group.seeds.slice(0, 50).join(', ')}${group.count > 50 ? ', …' : ''}`,
      `smallest seed: ${group.smallestSeed}`,
      `repro: ${group.repro}`,
    ].join('\n');
    cases.push(
      `    <testcase classname="${escapeXml(className)}" name="${escapeXml(group.signature)}" time="0">\n` +
        `      <failure type="${group.kind}" message="${escapeXml(`${group.count} seed(s), smallest ${group.smallestSeed}: ${group.message}`)}">${escapeXml(body)}</failure>\n` +
        `    </testcase>`,
    );
  }
  const summary = `${report.seedsRun} of ${report.seedsPlanned} seeds run (${report.stoppedBy}), ${report.failed} failed, combined digest ${report.combinedDigest}`;
  const runFailed = report.failed > 0 || report.stoppedBy === 'interrupted' || report.stoppedBy === 'error';
  const runFailure = runFailed
    ? `\n      <failure type="${report.failed > 0 ? 'failures' : 'interrupted'}" message="${escapeXml(summary)}">${escapeXml(summary)}</failure>`
    : '';
  cases.push(
    `    <testcase classname="${escapeXml(className)}" name="${escapeXml(runName)}" time="${seconds}">${runFailure}\n` +
      `      <system-out>${escapeXml(`${summary}\nfaultline ${report.version}, ${report.workers} worker(s)`)}</system-out>\n` +
      `    </testcase>`,
  );
  const failures = report.groups.length + (runFailed ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" tests="${cases.length}" failures="${failures}" time="${seconds}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
