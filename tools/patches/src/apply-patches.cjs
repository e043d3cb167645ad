// Runs after `npm ci` / `npm install` (the root package's postinstall): mends files of
// dependencies whose upstream version has a defect we measured and upstream no longer ships
// fixes for. A patch replaces a whole file with our own, or makes exact edits to it. Each names
// the file it expects (package version and the file's SHA-256), marks the file it patched on its
// first line, and leaves any other content alone with a warning, so a dependency upgrade never has
// a patch applied blindly.
//
// kafkajs 2.2.4, producer/groupMessagesPerPartition.js: it builds each partition's message list
// with `[...current, message]`, copying the list for every message, which is quadratic in the
// messages one send puts on one partition. In the ledger's outbox relay (thousands of events per
// send) it allocated more than a quarter of all the process's memory. The replacement appends in
// place and returns the same object (partition -> messages, in the order given).
//
// kafkajs 2.2.4, protocol/encoder.js: every record of a produce request gets encoders of its own,
// each starting with a zero-filled Buffer.alloc(512) outside Node's buffer pool, and every varint
// is first built as an array and copied in through another Buffer. Zero-filling is not needed: an
// encoder writes its bytes in order and is only ever read up to its offset (`buffer`, `size()`),
// so the edits allocate with Buffer.allocUnsafe (pooled for small sizes) and write varints in
// place. Encoding a produce request of 2,000 records of 700 bytes took about 40 % less time.
//
// kafkajs 2.2.4, protocol/requests/produce/v3/request.js and recordBatch/crc32C/crc32C.js: whole
// files of our own, in ./kafkajs (each says what it changes). Uncompressed record batches are
// written in one pass into one buffer of their exact size, and the CRC-32C reads eight bytes a
// step. A produce request of 13,000 records of about 480 bytes encoded in 2.4 µs a record
// instead of 13.7 (published kafkajs), with the same bytes; the spec compares them.
//
// kafkajs 2.2.4, producer/sendMessages.js: a whole file of our own, in ./kafkajs. A send whose
// request to one broker failed while the others were answered retried only to brokers without an
// answer; when the failed broker's partitions had meanwhile moved to a broker that answered (a
// leader killed in a cluster of three), nothing was sent again and the send resolved without
// their records. The replacement retries by partition. The chaos test producer-leader-loss
// reproduces it on a real cluster.
//
// kafkajs 2.2.4, index.js, consumer/index.js and consumer/consumerGroup.js: a consumer's fetch wait
// (minBytes, maxWaitTime) is fixed when it is created. A consumer may now pass a
// `fetchWaitPolicy` ({ next(), observe(hadRecords) }, see libs/shared/messaging
// fetch-wait-policy.ts): each fetch asks it for its wait and tells it whether records came back,
// so a consumer can wait briefly for larger batches while busy and long-poll when idle. Without
// the option a consumer behaves as published.
//
// kafkajs 2.2.4, network/requestQueue/index.js: after every check of its queue each broker
// connection schedules the next check, and with nothing pending and no throttle in effect the
// delay is negative (throttledUntil starts at -1), so Node runs it after 1 ms: every connection of
// every client woke its process about a thousand times a second for nothing, for as long as it was
// open (upstream issues #1556 and #1704, unmerged fixes). The edit schedules a check only when a
// request is waiting or a throttle is in effect; a request that cannot go at once is queued by
// push(), which schedules its own check, and a fulfilled request checks the queue as before.
// The same file also checked every connection's requests for timeouts ten times a second from the
// moment it connected, in flight or not, and a consumer always has a fetch in flight. One timer
// per connection is now due when the first request in flight would time out (every request's
// timeout is at least the connection's, 30 s by default), so an idle connection wakes nobody and a
// long-polling one about once per request timeout, and a request times out when due instead of up
// to 100 ms later.
//
// kafkajs 2.2.4, consumer/runner.js: a consumer's stop (disconnect, and the restart after a crash)
// waited for the fetch in flight, which the broker holds for up to its wait when nothing comes:
// every idle long poll made every shutdown that much slower. A stop now ends the fetches in flight
// at once, as if they had come back empty; their requests are dropped with the connection when the
// consumer disconnects, and nothing they would have brought was handed over or committed, so a
// later member reads it again. network/connection.js: closing a connection waited for every
// request in flight, the long poll included; a fetch in flight is now failed when its connection
// closes (nobody reads its answer: the consumer stopped, or it retries on a new connection as after
// any lost connection), the other requests are still awaited. Consumers can then long-poll longer
// while idle.
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
    replacement: `// Appends in place (linear) instead of copying each partition's list for every message (quadratic).
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
  {
    name: 'kafkajs: encoder buffers without zero-filling, varints written in place',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/protocol/encoder.js',
    originalSha256: '9977889e184a9e910e4f6098c36ec6a0ca36c183aa6ead0f24191b6aa1c9a777',
    edits: [
      {
        find: 'this.buf = Buffer.alloc(Encoder.nextPowerOfTwo(initialSize))',
        replace: 'this.buf = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize)) // patched: read only up to offset',
      },
      {
        find: 'const newBuffer = Buffer.alloc(newLength)',
        replace: 'const newBuffer = Buffer.allocUnsafe(newLength) // patched: read only up to offset',
      },
      {
        find: `  writeUVarInt(value) {
    const byteArray = []
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      byteArray.push((value & OTHER_BITS) | MOST_SIGNIFICANT_BIT)
      value >>>= 7
    }
    byteArray.push(value & OTHER_BITS)
    this.writeBufferInternal(Buffer.from(byteArray))
    return this
  }`,
        replace: `  writeUVarInt(value) {
    // patched: at most five bytes for 32 bits, written straight into the buffer
    this.ensureAvailable(5)
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      this.buf[this.offset++] = (value & OTHER_BITS) | MOST_SIGNIFICANT_BIT
      value >>>= 7
    }
    this.buf[this.offset++] = value & OTHER_BITS
    return this
  }`,
      },
    ],
  },
  {
    name: 'kafkajs: uncompressed record batches written in one pass into one buffer',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/protocol/requests/produce/v3/request.js',
    originalSha256: '993a3db997827088f5acb08cacf3c67a99ec2886303ff465d244329b8a1c7f99',
    replacementFile: 'kafkajs/produce-v3-request.js',
  },
  {
    name: 'kafkajs: CRC-32C eight bytes at a time',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/protocol/recordBatch/crc32C/crc32C.js',
    originalSha256: '1c09c7a44e7a207f2dabb920e6bf9f6b1b3fd9cc023e959a9e91ba83e5b6f61a',
    replacementFile: 'kafkajs/crc32C.js',
  },
  {
    name: 'kafkajs: a send retries every partition not yet acknowledged, at its current leader',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/producer/sendMessages.js',
    originalSha256: '8a120e6993955e040a13014cccebd79b8d41e7355d6eda1065fa83fea2fbbcdb',
    replacementFile: 'kafkajs/send-messages.js',
  },
  {
    name: 'kafkajs: a consumer chooses each fetch\'s wait (client)',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/index.js',
    originalSha256: '38d0022e448f0aaa72ad2ed16fac346a3dd3a2d28b64ca5395cb33a26c8a82e9',
    edits: [
      {
        find: `    rackId = '',
  } = {}) {`,
        replace: `    rackId = '',
    fetchWaitPolicy, // patched: see consumer/consumerGroup.js
  } = {}) {`,
      },
      {
        find: `      rackId,
      metadataMaxAge,
    })`,
        replace: `      rackId,
      metadataMaxAge,
      fetchWaitPolicy, // patched
    })`,
      },
    ],
  },
  {
    name: 'kafkajs: a consumer chooses each fetch\'s wait (index)',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/consumer/index.js',
    originalSha256: 'cdf5b3d7c67364b2b55a5c491225c08318054b515e079fa3aa7b7d9f4d8d19dd',
    edits: [
      {
        find: `  metadataMaxAge,
}) => {`,
        replace: `  metadataMaxAge,
  fetchWaitPolicy, // patched: see consumerGroup.js
}) => {`,
      },
      {
        find: `        metadataMaxAge,
        autoCommit,`,
        replace: `        metadataMaxAge,
        fetchWaitPolicy, // patched
        autoCommit,`,
      },
    ],
  },
  {
    name: 'kafkajs: a consumer chooses each fetch\'s wait (consumer group)',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/consumer/consumerGroup.js',
    originalSha256: 'f3e461738585a8dc6574c647123a18afc732f81cdee4f9f7bb62e4aa1dffbfbb',
    edits: [
      {
        find: `    metadataMaxAge,
  }) {`,
        replace: `    metadataMaxAge,
    fetchWaitPolicy,
  }) {
    // patched: asked for each fetch's minBytes and maxWaitTime, told whether records came back
    this.fetchWaitPolicy = fetchWaitPolicy`,
      },
      {
        find: `      const { responses } = await broker.fetch({
        maxWaitTime: this.maxWaitTime,
        minBytes: this.minBytes,`,
        replace: `      const wait = this.fetchWaitPolicy
        ? this.fetchWaitPolicy.next()
        : { maxWaitTime: this.maxWaitTime, minBytes: this.minBytes }
      const { responses } = await broker.fetch({
        maxWaitTime: wait.maxWaitTime,
        minBytes: wait.minBytes,`,
      },
      {
        find: `      return responses.flatMap(({ topicName, partitions }) => {
        const topicRequestData`,
        replace: `      if (this.fetchWaitPolicy) {
        this.fetchWaitPolicy.observe(
          responses.some(({ partitions }) => partitions.some(({ messages }) => messages.length > 0))
        )
      }

      return responses.flatMap(({ topicName, partitions }) => {
        const topicRequestData`,
      },
    ],
  },
  {
    name: 'kafkajs: a broker connection checks its request queue only when a request waits or a throttle ends, and its timeouts when one is due',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/network/requestQueue/index.js',
    originalSha256: 'b55986089c14f8f7bfc377922e2e65b3e4c1e7c7af2752d3b10a75dfe9e9260c',
    edits: [
      {
        find: `    if (!this.throttleCheckTimeoutId) {
      if (this.pending.length > 0) {
        scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL
      }
      this.throttleCheckTimeoutId`,
        replace: `    if (!this.throttleCheckTimeoutId) {
      if (this.pending.length > 0) {
        scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL
      } else if (scheduleAt <= 0) {
        // patched: nothing waits and no throttle is in effect: no check to schedule (it ran every 1 ms)
        return
      }
      this.throttleCheckTimeoutId`,
      },
      {
        find: `      this.destroy()

      this.requestTimeoutIntervalId = setInterval(() => {
        this.inflight.forEach(request => {
          if (Date.now() - request.sentAt > request.requestTimeout) {
            request.timeoutRequest()
          }
        })

        if (!this.isConnected()) {
          this.destroy()
        }
      }, Math.min(this.requestTimeout, 100))
    }
  }`,
        replace: `      this.destroy()
      // patched: one timer, due when the first request in flight would time out
      this.requestTimeoutCheckEnabled = true
      this.startRequestTimeoutCheck()
    }
  }

  startRequestTimeoutCheck() {
    if (!this.requestTimeoutCheckEnabled) return
    let firstDue = Infinity
    this.inflight.forEach(request => {
      firstDue = Math.min(firstDue, (request.sentAt || Date.now()) + request.requestTimeout)
    })
    if (firstDue === Infinity) return
    if (this.requestTimeoutIntervalId && this.requestTimeoutDueAt <= firstDue) return
    clearTimeout(this.requestTimeoutIntervalId)
    this.requestTimeoutDueAt = firstDue
    // A request times out once more than its timeout has passed since it was sent: 1 ms past due.
    this.requestTimeoutIntervalId = setTimeout(() => {
      this.requestTimeoutIntervalId = null
      this.inflight.forEach(request => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest()
      })
      if (!this.isConnected()) this.destroy()
      else this.startRequestTimeoutCheck()
    }, Math.max(0, firstDue - Date.now()) + 1)
  }`,
      },
      {
        find: `  destroy() {
    clearInterval(this.requestTimeoutIntervalId)
    clearTimeout(this.throttleCheckTimeoutId)`,
        replace: `  destroy() {
    clearInterval(this.requestTimeoutIntervalId)
    this.requestTimeoutIntervalId = null // patched
    this.requestTimeoutCheckEnabled = false // patched: until the connection schedules it again
    clearTimeout(this.throttleCheckTimeoutId)`,
      },
      {
        find: `        this.inflight.set(correlationId, socketRequest)
        pushedRequest.sendRequest()`,
        replace: `        this.inflight.set(correlationId, socketRequest)
        this.startRequestTimeoutCheck() // patched
        pushedRequest.sendRequest()`,
      },
    ],
  },
  {
    name: 'kafkajs: a consumer\'s stop ends its long poll in flight',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/consumer/runner.js',
    originalSha256: 'fad3247df2e3ba483b94e014e5c5916fd72d7bdfc3b3dfccc5232b60da18306d',
    edits: [
      {
        find: `    this.running = false
    this.consuming = false
  }`,
        replace: `    this.running = false
    this.consuming = false
    // patched: each fetch in flight, ended as empty by stop()
    this.fetchesInFlight = new Set()
  }`,
      },
      {
        find: `    this.running = false

    try {
      await this.fetchManager.stop()`,
        replace: `    this.running = false
    for (const endAsEmpty of this.fetchesInFlight) endAsEmpty() // patched
    this.fetchesInFlight.clear()

    try {
      await this.fetchManager.stop()`,
      },
      {
        find: `    const batches = await this.consumerGroup.fetch(nodeId)
`,
        replace: `    // patched: stop() resolves it as empty instead of waiting for the broker's answer
    const fetching = this.consumerGroup.fetch(nodeId)
    const batches = await new Promise((resolve, reject) => {
      const endAsEmpty = () => resolve([])
      this.fetchesInFlight.add(endAsEmpty)
      fetching.then(
        result => {
          this.fetchesInFlight.delete(endAsEmpty)
          resolve(result)
        },
        error => {
          this.fetchesInFlight.delete(endAsEmpty)
          reject(error)
        }
      )
    })
    if (!this.running) {
      return []
    }
`,
      },
    ],
  },
  {
    name: 'kafkajs: closing a connection does not wait for its fetch in flight',
    packageName: 'kafkajs',
    version: '2.2.4',
    file: 'src/network/connection.js',
    originalSha256: '2a993b2e74421ca6d846efd59e4ba74b11100dbe7d40d0f52ea3218e917aafdd',
    edits: [
      {
        find: `    this.logDebug('disconnecting...')

    await this.requestQueue.waitForPendingRequests()`,
        replace: `    this.logDebug('disconnecting...')

    // patched: a fetch in flight (a long poll) fails now instead of holding the close for its wait
    for (const request of [...this.requestQueue.inflight.values()]) {
      if (request.entry.apiKey === apiKeys.Fetch) {
        this.requestQueue.inflight.delete(request.correlationId)
        request.rejected(new KafkaJSConnectionClosedError('Connection closed with a fetch in flight', { host: this.host, port: this.port }))
      }
    }
    await this.requestQueue.waitForPendingRequests()`,
      },
    ],
  },
];

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The first line of a file this script patched. */
const PATCH_MARK = '// Patched by tools/patches/src/apply-patches.cjs (see there for why).';

/** The file's content once patched: our replacement, or the original with each edit made exactly once. */
function patchedContent(patch, original) {
  if (patch.replacement !== undefined) return patch.replacement;
  if (patch.replacementFile !== undefined) return readFileSync(path.join(__dirname, patch.replacementFile), 'utf8');
  let content = original;
  for (const { find, replace } of patch.edits) {
    const at = content.indexOf(find);
    if (at < 0 || content.indexOf(find, at + 1) >= 0) throw new Error(`${patch.name}: the text to replace is not in ${patch.file} exactly once`);
    content = content.slice(0, at) + replace + content.slice(at + find.length);
  }
  return content;
}

/** Where a patch stands in the installed tree: 'applied', 'pending', 'not-installed' or 'unexpected' (another version or content). */
function patchStatus(patch, root) {
  const target = patchTarget(patch, root);
  if (!target) return { state: 'not-installed' };
  const current = readFileSync(target.file, 'utf8');
  if (current.startsWith(PATCH_MARK)) return { state: 'applied', ...target };
  if (target.version !== patch.version || sha256(current) !== patch.originalSha256) return { state: 'unexpected', ...target };
  return { state: 'pending', ...target, original: current };
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
      return `NOT applied: expected ${patch.packageName}@${patch.version} with ${patch.file} as published, found ${
        status.version === patch.version ? 'that version with other content' : status.version
      }; review the patch`;
    case 'pending':
      writeFileSync(status.file, `${PATCH_MARK}\n${patchedContent(patch, status.original)}`);
      return 'applied';
  }
}

function main() {
  const root = path.resolve(__dirname, '../../..');
  for (const patch of PATCHES) console.log(`[patches] ${patch.name}: ${apply(patch, root)}`);
}

module.exports = { PATCHES, PATCH_MARK, apply, patchStatus, patchedContent };
if (require.main === module) main();
