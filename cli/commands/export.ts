import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { readTraceFile, type TraceFile } from '../../scenarios/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { renderHtml } from '../export/html/render-html.js';
import { MERMAID_DEFAULT_MAX_STEPS, renderMermaid } from '../export/mermaid.js';
import { recoverStates, traceScenario } from '../export/recorded-states.js';
import { renderShiViz } from '../export/shiviz.js';
import { checkShiVizLog } from '../export/shiviz-rules.js';
import { parsePositiveIntOption } from '../options.js';
import { ioReason, prepareOutputFile } from '../output/paths.js';

export const EXPORT_FORMATS = ['html', 'shiviz', 'mermaid'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportFlags {
  format: ExportFormat;
  output?: string;
  states: boolean;
  maxSteps: number;
}

export interface ExportOutput {
  text: string;
  /** Lines for stderr: what was verified, left out or could not be shown. */
  notes: string[];
}

/** The HTML page with node states from a verified re-run, or without them and a note saying why. */
export async function htmlExport(trace: TraceFile, withStates = true): Promise<ExportOutput> {
  if (!withStates) return { text: renderHtml(trace, { statesNote: 'node states were left out (--no-states)' }), notes: [] };
  const scenario = await traceScenario(trace);
  const recovered = 'reason' in scenario ? { ok: false as const, reason: scenario.reason } : recoverStates(trace, scenario);
  if (!recovered.ok) return { text: renderHtml(trace, { statesNote: recovered.reason }), notes: [`node states omitted: ${recovered.reason}`] };
  return { text: renderHtml(trace, { states: recovered.states }), notes: [`node states from a re-run in recording mode (digest ${recovered.digest} matches the trace)`] };
}

/** Renders a trace in one format. A ShiViz log is checked against ShiViz's rules before it is written. */
export async function exportTrace(trace: TraceFile, format: ExportFormat, options: { states?: boolean; maxSteps?: number } = {}): Promise<ExportOutput> {
  switch (format) {
    case 'html':
      return await htmlExport(trace, options.states ?? true);
    case 'shiviz': {
      const text = renderShiViz(trace);
      const check = checkShiVizLog(text);
      if (!check.ok) throw new Error(`the ShiViz log breaks ShiViz's rules (a faultline bug): ${check.problems[0]}`);
      return { text, notes: [`ShiViz log: ${check.events.toLocaleString('en-US')} events on ${check.hosts} hosts, checked against ShiViz's rules`] };
    }
    case 'mermaid': {
      const result = renderMermaid(trace, options.maxSteps ?? MERMAID_DEFAULT_MAX_STEPS);
      const notes = result.omitted > 0
        ? [`mermaid: the trace has ${result.steps.toLocaleString('en-US')} steps; kept ${(result.steps - result.omitted).toLocaleString('en-US')} (up to the violation, if any) because Mermaid viewers choke on large diagrams; raise --max-steps or export a shrunk repro`]
        : [];
      return { text: result.text, notes };
    }
  }
}

export function registerExport(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('export')
    .description('draw a trace: a self-contained HTML space-time diagram, a ShiViz log or a Mermaid sequence diagram')
    .argument('<trace.jsonl>', "a trace written by 'faultline run <scenario> --trace <file>'")
    .addOption(new Option('--format <format>', 'html, shiviz or mermaid').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--no-states', 'html: do not re-run the scenario to show node states')
    .option('--max-steps <n>', `mermaid: most steps drawn (default ${MERMAID_DEFAULT_MAX_STEPS})`, parsePositiveIntOption('--max-steps'), MERMAID_DEFAULT_MAX_STEPS)
    .action(async (path: string, flags: ExportFlags) => {
      if (flags.output) prepareOutputFile(flags.output, '-o');
      const trace = readTraceFile(path);
      const output = await exportTrace(trace, flags.format, { states: flags.states, maxSteps: flags.maxSteps });
      if (flags.output) {
        try {
          writeFileSync(flags.output, output.text);
        } catch (error) {
          // The path was writable when the command started: a failure now (a full disk) is not bad input.
          process.stderr.write(`faultline: could not write ${flags.output}: ${ioReason(error)}\n`);
          setExit(EXIT.inconclusive);
          return;
        }
        output.notes.push(`wrote ${flags.output} (${(Buffer.byteLength(output.text) / 1e6).toFixed(2)} MB, ${trace.events.length.toLocaleString('en-US')} trace events)`);
      } else {
        process.stdout.write(output.text);
      }
      for (const note of output.notes) process.stderr.write(`${note}\n`);
      setExit(EXIT.ok);
    });
}
