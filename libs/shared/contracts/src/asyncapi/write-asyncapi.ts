// Writes asyncapi.yaml beside the library's project.json. Run after changing any contract:
//   node -r ./tools/ts-register.cjs libs/shared/contracts/src/asyncapi/write-asyncapi.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApiYaml } from './render-asyncapi-yaml';

export const ASYNCAPI_FILE = join(__dirname, '..', '..', 'asyncapi.yaml');

if (require.main === module) {
  writeFileSync(ASYNCAPI_FILE, renderAsyncApiYaml());
  process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
}
