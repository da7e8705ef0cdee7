// Placeholder until the harness lands: integration tests use the service URLs from the environment.
export default async function globalSetup(): Promise<void> {}
