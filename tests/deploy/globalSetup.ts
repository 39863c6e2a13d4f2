import { startStack } from './stack';

export default async function globalSetup(): Promise<() => Promise<void>> {
  return startStack(process.env.DEPLOY_STATE_DIR!, Number(process.env.DEPLOY_PORT));
}
