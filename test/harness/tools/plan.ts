import { SERVICE_ENV, type ServiceName } from '../service';

/** Something the integration tests run on this machine, with a probe that finds it. */
export type TestTool = Readonly<{
  /** What to install, as a reader would search for it: "PostgreSQL (initdb)". */
  name: string;
  /** The harness service that needs it; tools without one are needed on every run. */
  service?: ServiceName;
  isPresent: () => boolean;
}>;

export type ToolPlan =
  | Readonly<{ action: 'none' }>
  | Readonly<{ action: 'install'; line: string }>
  | Readonly<{ action: 'fail'; line: string }>;

export const INSTALL_SCRIPT = 'scripts/install-test-services.sh';

/**
 * The tools that are needed and absent. A service's tools are needed only when the harness runs
 * that service locally: a URL in the environment or a container makes them unnecessary.
 */
export function missingTools(
  tools: readonly TestTool[],
  localServices: readonly ServiceName[],
): TestTool[] {
  return tools.filter(
    (tool) => (!tool.service || localServices.includes(tool.service)) && !tool.isPresent(),
  );
}

/**
 * What to do about the missing tools: nothing, run the install script (it needs root and
 * apt-get), or stop with one line that says what to install and which variables would avoid it.
 */
export function planTools(missing: readonly TestTool[], canInstall: boolean): ToolPlan {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((tool) => tool.name).join(', ');
  if (canInstall) {
    return { action: 'install', line: `[harness] missing ${names}: running ${INSTALL_SCRIPT}` };
  }
  const services = [...new Set(missing.flatMap((tool) => (tool.service ? [tool.service] : [])))];
  const variables = services.map((service) => SERVICE_ENV[service]);
  // A variable helps only when every missing tool belongs to a service it replaces.
  const orSet =
    variables.length > 0 && missing.every((tool) => tool.service)
      ? ` or set ${variables.join(', ')}`
      : '';
  return {
    action: 'fail',
    line:
      `[harness] missing ${names}: install ${missing.length > 1 ? 'them' : 'it'} ` +
      `(as root on Debian: bash ${INSTALL_SCRIPT})${orSet}`,
  };
}
