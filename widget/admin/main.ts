/**
 * The moderator console's entry: defines its elements. Served first-party by the Worker at /admin
 * (index.html mounts `<chorus-console>`); never loaded by readers. Loading it twice is harmless.
 */
import { ChorusConsole } from "./chorus-console";
import { ConsoleAudit } from "./console-audit";
import { ConsoleAuthors } from "./console-authors";
import { ConsoleCluster } from "./console-cluster";
import { ConsoleComment } from "./console-comment";
import { ConsoleDashboard } from "./console-dashboard";
import { ConsoleProviders } from "./console-providers";
import { ConsoleQueue } from "./console-queue";
import { ConsoleSettings } from "./console-settings";
import { ConsoleSignIn } from "./console-sign-in";
import { ConsoleSso } from "./console-sso";
import { ConsoleWebhooks } from "./console-webhooks";

const elements: [string, CustomElementConstructor][] = [
  ["chorus-console", ChorusConsole],
  ["console-sign-in", ConsoleSignIn],
  ["console-queue", ConsoleQueue],
  ["console-comment", ConsoleComment],
  ["console-cluster", ConsoleCluster],
  ["console-authors", ConsoleAuthors],
  ["console-settings", ConsoleSettings],
  ["console-audit", ConsoleAudit],
  ["console-dashboard", ConsoleDashboard],
  ["console-webhooks", ConsoleWebhooks],
  ["console-sso", ConsoleSso],
  ["console-providers", ConsoleProviders],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
