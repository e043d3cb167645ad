// Stops containers the global setup started (nothing, when the infrastructure was configured).
export default async function tearDownTestInfrastructure(): Promise<void> {
  await globalThis.__ledgerlineTestInfrastructure?.stop();
}
