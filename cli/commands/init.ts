import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import chalk from 'chalk';
import type { Command } from 'commander';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { faultlineSpec, scaffold } from '../init/scaffold.js';

interface InitFlags {
  install: boolean;
  faultline?: string;
}

export function registerInit(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('init')
    .description('create a project that tests its own protocol: protocol, scenarios, checkers and a vitest suite (TypeScript, no build step)')
    .argument('[dir]', 'the new project folder (absent or empty)', '.')
    .option('--faultline <spec>', 'how the project depends on faultline (default: as the enclosing project does, else ^<this version>)')
    .option('--no-install', 'write the files only; do not run npm install')
    .action((dir: string, flags: InitFlags) => {
      setExit(init(resolve(dir), flags));
    });
}

function init(target: string, flags: InitFlags): ExitCode {
  const spec = flags.faultline ?? faultlineSpec(target, process.cwd());
  scaffold(target, spec);
  const shown = relative(process.cwd(), target) || '.';
  process.stdout.write(`${chalk.green('✔')} created ${shown}/ — a quorum key-value store (src/), its checkers and scenarios, and a vitest suite (test/); faultline ${spec}\n`);
  if (flags.install) {
    process.stdout.write(chalk.dim(`running npm install in ${shown} …\n`));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const installed = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: target, stdio: 'inherit' });
    if (installed.status !== 0) {
      process.stderr.write(`faultline: npm install failed in ${shown} (exit ${installed.status ?? installed.signal}); the files are written: cd ${shown} && npm install\n`);
      return EXIT.usage;
    }
  }
  const cd = shown === '.' ? '' : `cd ${shown} && `;
  process.stdout.write(
    [
      'next:',
      `  ${cd}${flags.install ? '' : 'npm install && '}npm test                        # the suite: the correct store holds, the planted bug is caught`,
      '  npx faultline fuzz ./src/scenarios.ts#quorum-kv-r1w1 --seeds 20      # find failing seeds',
      '  npx faultline shrink ./src/scenarios.ts#quorum-kv-r1w1 --seed 2      # the few faults that matter',
      '  npx faultline replay ./src/scenarios.ts#quorum-kv-r1w1 --seed 2 --html run.html',
      'then make it yours: the guide is node_modules/faultline/docs/guide.md',
    ].join('\n') + '\n',
  );
  return EXIT.ok;
}
