#!/usr/bin/env node
// The package's bin (`npx nestjs-dynamodb-session <command>`): runs the CLI on this process.
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nestjs-dynamodb-session: unexpected error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
