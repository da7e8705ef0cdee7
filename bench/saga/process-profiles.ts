import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ProfileSummary, summarise } from '../write/cpu-profile';

/**
 * With --profile every shopstream process runs under `node --cpu-prof`, which writes its V8
 * profile when the process exits (after the last window); here each one is summarised by layer,
 * as the write benchmark does for its API. It covers the process's whole life, seeding included.
 */
export type ProcessProfile = Readonly<{ process: string } & ProfileSummary>;

export const profileArgs = (dir: string): string[] => ['--cpu-prof', `--cpu-prof-dir=${dir}`];

const REPO_URL = pathToFileURL(path.resolve(__dirname, '../..')).href + '/';
/** The tests' compiled CLI lives under node_modules/.cache; its files are our sources. */
const COMPILED = /^file:\/\/.*\/node_modules\/\.cache\/shopstream-cli\/[^/]+\//;

type Profile = Parameters<typeof summarise>[0];

export async function readProfiles(
  dir: string,
  processes: readonly { name: string; pid: number }[],
): Promise<ProcessProfile[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.cpuprofile'),
  );
  const profiles: ProcessProfile[] = [];
  for (const { name, pid } of processes) {
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
    const file = files.find((f) => f.split('.')[3] === String(pid));
    if (!file) continue;
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Profile;
    const nodes = profile.nodes.map((node) => ({
      ...node,
      callFrame: { ...node.callFrame, url: node.callFrame.url.replace(COMPILED, REPO_URL) },
    }));
    profiles.push({ process: name, ...summarise({ ...profile, nodes }, -Infinity, Infinity) });
  }
  return profiles;
}
