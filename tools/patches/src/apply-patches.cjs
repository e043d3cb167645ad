// Runs after `npm ci` / `npm install` (the root package's postinstall): replaces files of
// dependencies whose upstream version has a defect we measured and upstream no longer ships
// fixes for. Each patch names the exact file it expects (by SHA-256) and leaves any other
// content alone with a warning, so a dependency upgrade never has a patch applied blindly.
//
// kafkajs 2.2.4, producer/groupMessagesPerPartition.js: it builds each partition's message list
// with `[...current, message]`, copying the list for every message, which is quadratic in the
// messages one send puts on one partition. In the ledger's outbox relay (thousands of events per
// send) it allocated more than a quarter of all the process's memory. The replacement appends in
// place and returns the same object (partition -> messages, in the order given).
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const PATCHES = [
  {
    name: 'kafkajs: linear grouping of messages per partition',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/producer/groupMessagesPerPartition.js',
    originalSha256: 'ea72357721fbf67770b5e06b9bf4260faa1e60f3affb556bff2cc7892c1881fb',
    replacement: `// Patched by tools/patches/src/apply-patches.cjs: appends in place (linear) instead of copying
// each partition's list for every message (quadratic).
module.exports = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) {
    return {}
  }

  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    const current = result[partition]
    if (current) current.push(message)
    else result[partition] = [message]
  }
  return result
}
`,
  },
];

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Where a patch stands in the installed tree: 'applied', 'pending', 'not-installed' or 'unexpected' (another version or content). */
function patchStatus(patch, root) {
  const target = patchTarget(patch, root);
  if (!target) return { state: 'not-installed' };
  const current = readFileSync(target.file, 'utf8');
  if (current === patch.replacement) return { state: 'applied', ...target };
  if (target.version !== patch.version || sha256(current) !== patch.originalSha256) return { state: 'unexpected', ...target };
  return { state: 'pending', ...target };
}

function patchTarget(patch, root) {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve(`${patch.packageName}/package.json`, { paths: [root] }));
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  return { file: path.join(packageDir, patch.file), version };
}

function apply(patch, root) {
  const status = patchStatus(patch, root);
  switch (status.state) {
    case 'not-installed':
      return `skipped (${patch.packageName} is not installed)`;
    case 'applied':
      return 'already applied';
    case 'unexpected':
      return `NOT applied: expected ${patch.packageName}@${patch.version} with ${patch.file} unchanged, found ${status.version}; review the patch`;
    case 'pending':
      writeFileSync(status.file, patch.replacement);
      return 'applied';
  }
}

function main() {
  const root = path.resolve(__dirname, '../../..');
  for (const patch of PATCHES) console.log(`[patches] ${patch.name}: ${apply(patch, root)}`);
}

module.exports = { PATCHES, apply, patchStatus };
if (require.main === module) main();
