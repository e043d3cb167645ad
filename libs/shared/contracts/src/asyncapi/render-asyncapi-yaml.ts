// Serialises the AsyncAPI document to the exact text committed as libs/shared/contracts/asyncapi.yaml.
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './build-asyncapi-document';

export const REGENERATE_ASYNCAPI_COMMAND =
  'node -r ./tools/ts-register.cjs libs/shared/contracts/src/asyncapi/write-asyncapi.ts';

const HEADER = [
  '# Generated from the zod contracts in libs/shared/contracts/src by build-asyncapi-document.ts.',
  `# Do not edit by hand. Regenerate from the repository root with: ${REGENERATE_ASYNCAPI_COMMAND}`,
  '',
].join('\n');

export function renderAsyncApiYaml(): string {
  // No anchors and aliases: the file is read by people and tools that handle plain YAML best.
  return HEADER + stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 });
}
