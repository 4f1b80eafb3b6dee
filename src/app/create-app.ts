// The composition root: the only file that knows every concrete piece (config, store, both
// directory adapters, clock, operator). Commands and the console get an App and call use cases.
// The App itself is made in compose-app.ts; this file adds both directory adapters to it.
import { composeApp, type CreateAppOptions, type App } from './compose-app.ts';
import { configuredDirectories } from './configured-directories.ts';

export { storeUrlBesideConfig, withActor } from './compose-app.ts';
export type { App, CreateAppOptions } from './compose-app.ts';

export function createApp(options: CreateAppOptions): App {
  return composeApp(options, configuredDirectories);
}
