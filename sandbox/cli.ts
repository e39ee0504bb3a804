import { CliError, HELP, parseCliArgs } from './cli-args';
import { DEMO_CREDENTIALS, startSandbox } from './index';

/** `npm run sandbox -- --port 8080 --scale small`: prints the URL and the demo credentials. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`sandbox: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    console.log(HELP);
    return;
  }
  const sandbox = await startSandbox(options).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`sandbox: cannot start: ${message}`);
    process.exit(message.includes('EADDRINUSE') ? 1 : 2);
  });
  const platform = options.cloud ? 'a Tableau Cloud pod' : 'Tableau Server';
  console.log(
    `Trestle sandbox (${platform}, REST API ${options.apiVersion ?? '3.29'}) at ${sandbox.url}`,
  );
  if (options.faults?.cloudRateLimits) console.log('  Tableau Cloud rate limits: on');
  console.log(`  password sign-in: ${DEMO_CREDENTIALS.username} / ${DEMO_CREDENTIALS.password}`);
  console.log(`  PAT sign-in:      ${DEMO_CREDENTIALS.patName} / ${DEMO_CREDENTIALS.patSecret}`);
  console.log(`  sites:            "" (Default) and "marketing"`);
  console.log(`  control:          ${sandbox.url}/__sandbox/{sessions,expire-tokens,faults}`);
  const stop = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
