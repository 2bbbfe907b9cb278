/**
 * The environment the scripts and tests give wrangler and the CLIs they run as child processes:
 * this process's, without wrangler's metrics prompt or colours in the output they read.
 */
export function quietEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };
}
